#include "fl/simulation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "fl/atomic_file.h"
#include "fl/errors.h"
#include "fl/experiment.h"
#include "support/temp_dir.h"
#include "support/test_config.h"

namespace fedsec::fl {
namespace {

namespace fs = std::filesystem;

std::string rounds_without_wall_clock(const std::string& dir) {
  std::ifstream in(dir + "/rounds.jsonl");
  std::string out;
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    j.erase("wall_seconds");
    out += j.dump() + "\n";
  }
  return out;
}

TEST(Simulation, RoundsJsonlIsIdenticalWhateverTheThreadCount) {
  std::string reference;
  for (const char* threads : {"1", "3"}) {
    const auto dir = testing::fresh_temp_dir(std::string("simulation/threads") + threads);
    const Config config = testing::tiny_config({{"federation.threads", threads},
                                                {"model.name", "convnet"},
                                                {"partition.name", "dirichlet"},
                                                {"client.steps", "3"},
                                                {"federation.rounds", "2"}});
    run_experiment(config, testing::registry(), dir.string());
    const std::string rounds = rounds_without_wall_clock(dir.string());
    EXPECT_EQ(std::count(rounds.begin(), rounds.end(), '\n'), 2);
    if (reference.empty())
      reference = rounds;
    else
      EXPECT_EQ(rounds, reference);
  }
}

TEST(Simulation, WritesResolvedConfigRoundsAndSummary) {
  const auto dir = testing::fresh_temp_dir("simulation/files");
  const Config config = testing::tiny_config({{"federation.eval_every", "2"}});
  const auto summary = run_experiment(config, testing::registry(), dir.string());
  EXPECT_EQ(summary["rounds"], 3);
  const Config reread = Config::load((dir / "config.yaml").string(), {}, testing::registry().schema());
  EXPECT_EQ(reread.values(), config.values());
  std::ifstream in(dir / "rounds.jsonl");
  std::vector<nlohmann::json> rounds;
  for (std::string line; std::getline(in, line);) rounds.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(rounds.size(), 3u);
  EXPECT_FALSE(rounds[0].contains("test_accuracy"));  // evaluated every 2 rounds and at the end
  EXPECT_TRUE(rounds[1].contains("test_accuracy"));
  EXPECT_TRUE(rounds[2].contains("test_loss"));
  for (const auto& r : rounds) {
    EXPECT_EQ(r["participants"].size(), 4u);
    // 4 clients, each sent the model down and an update up: header + 7850 floats each way.
    EXPECT_EQ(r["bytes_down"], 4 * (37 + 4 * 7850));
    EXPECT_EQ(r["bytes_up"], 4 * (37 + 4 * 7850));
  }
  const auto saved = nlohmann::json::parse(read_file((dir / "summary.json").string()));
  EXPECT_EQ(saved["final_test_accuracy"], rounds[2]["test_accuracy"]);
}

TEST(Simulation, ParticipantsAreSeededDistinctAndVaryByRound) {
  Simulation a(testing::tiny_config(), testing::registry());
  Simulation b(testing::tiny_config(), testing::registry());
  const auto r1 = a.run_round();
  EXPECT_EQ(r1.participants, b.run_round().participants);
  EXPECT_EQ(std::set<int>(r1.participants.begin(), r1.participants.end()).size(), 4u);
  EXPECT_NE(r1.participants, a.run_round().participants);
}

TEST(Simulation, LearnsOnTinyData) {
  const Config config = testing::tiny_config({{"federation.rounds", "8"}, {"client.epochs", "2"}});
  Simulation simulation(config, testing::registry());
  RoundRecord first = simulation.run_round(), last;
  while (!simulation.finished()) last = simulation.run_round();
  EXPECT_LT(last.train_loss, first.train_loss);
  EXPECT_GT(*last.test_accuracy, 0.5);  // 10 classes: chance is 0.1
}

// Clients whose update is not finite are left out; the server survives and reports them.
class NanClient final : public ClientBehaviour {
 public:
  ClientReply respond(ClientContext& context) override {
    ClientReply reply = honest_reply(context, context.data->labels);
    reply.update[0] = std::numeric_limits<float>::quiet_NaN();
    return reply;
  }
};

TEST(Simulation, NonFiniteUpdatesAreDroppedAndCounted) {
  Registry registry = make_registry();
  registry.add_behaviour("nan", [](const Config&) { return std::make_unique<NanClient>(); });
  const Config config = Config::parse("",
                                      {{"data.max_train_samples", "300"},
                                       {"data.max_test_samples", "200"},
                                       {"model.name", "logreg"},
                                       {"partition.name", "iid"},
                                       {"partition.num_clients", "4"},
                                       {"federation.clients_per_round", "4"},
                                       {"federation.rounds", "2"},
                                       {"attack.behaviour", "nan"},
                                       {"attack.num_clients", "1"}},
                                      registry.schema());
  Simulation simulation(config, registry);
  const auto record = simulation.run_round();
  EXPECT_EQ(record.nonfinite_updates, 1);
  EXPECT_TRUE(torch::isfinite(simulation.global_params()).all().item<bool>());
}

TEST(Simulation, InconsistentKeysAreUsageErrors) {
  EXPECT_THROW(
      Simulation(testing::tiny_config({{"federation.clients_per_round", "11"}}), testing::registry()),
      UsageError);
  EXPECT_THROW(Simulation(testing::tiny_config({{"model.name", "torchscript"}}), testing::registry()),
               UsageError);
  try {
    Simulation(testing::tiny_config({{"data.train_images", "/nonexistent/images.gz"}}), testing::registry());
    FAIL() << "expected a data file error";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("/nonexistent/images.gz"));
  }
}

TEST(Simulation, SignFlipAttackersAndMedianAggregatorPlugInByName) {
  const Config attacked = testing::tiny_config({{"attack.behaviour", "sign_flip"},
                                                {"attack.num_clients", "5"},
                                                {"attack.sign_flip.scale", "4"},
                                                {"federation.rounds", "4"},
                                                {"federation.clients_per_round", "10"}});
  const Config defended = testing::tiny_config({{"attack.behaviour", "sign_flip"},
                                                {"attack.num_clients", "3"},
                                                {"attack.sign_flip.scale", "4"},
                                                {"federation.rounds", "4"},
                                                {"federation.clients_per_round", "10"},
                                                {"server.aggregator", "median"}});
  auto final_loss = [](const Config& c) {
    Simulation s(c, testing::registry());
    RoundRecord r;
    while (!s.finished()) r = s.run_round();
    return r.test_loss.value_or(0.0);
  };
  const double clean =
      final_loss(testing::tiny_config({{"federation.rounds", "4"}, {"federation.clients_per_round", "10"}}));
  EXPECT_GT(final_loss(attacked), clean);
  EXPECT_LT(final_loss(defended), final_loss(attacked));
}

}  // namespace
}  // namespace fedsec::fl
