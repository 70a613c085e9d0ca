// DP inside the simulator: dp.mode sample (DP-SGD), client (DP-FedAvg) and local.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fl/errors.h"
#include "fl/experiment.h"
#include "fl/simulation.h"
#include "privacy/pld_accountant.h"
#include "privacy/rdp_accountant.h"
#include "support/test_config.h"

namespace fedsec::privacy {
namespace {

namespace fs = std::filesystem;
using fl::Config;
using fl::Override;

std::vector<nlohmann::json> run(const Config& config, const std::string& name,
                                nlohmann::json* summary = nullptr) {
  const auto dir = fs::temp_directory_path() / ("fedsec_dp_sim_" + name);
  fs::remove_all(dir);
  const auto s = fl::run_experiment(config, testing::registry(), dir.string());
  if (summary) *summary = s;
  std::vector<nlohmann::json> rounds;
  std::ifstream in(dir / "rounds.jsonl");
  for (std::string line; std::getline(in, line);) rounds.push_back(nlohmann::json::parse(line));
  return rounds;
}

torch::Tensor final_model(const Config& config) {
  fl::Simulation simulation(config, testing::registry());
  while (!simulation.finished()) simulation.run_round();
  return simulation.global_params().clone();
}

// 300 samples over 10 IID clients: 30 each; batch 10 gives q = 1/3 and 3 steps per round.
Config sample_config(std::vector<Override> extra = {}) {
  std::vector<Override> o{{"dp.mode", "sample"}, {"client.batch_size", "10"}, {"dp.noise_multiplier", "1.1"}};
  o.insert(o.end(), extra.begin(), extra.end());
  return testing::tiny_config(o);
}

TEST(DpSimulation, SampleLevelEpsilonIsTheAccountantsForEachRound) {
  nlohmann::json summary;
  const auto rounds = run(sample_config(), "sample", &summary);
  ASSERT_EQ(rounds.size(), 3u);
  RdpAccountant reference;
  for (const auto& r : rounds) {
    reference.step(1.1, 1.0 / 3.0, 3);
    EXPECT_NEAR(r.at("epsilon").get<double>(), reference.epsilon(1e-5).epsilon, 1e-12);
  }
  EXPECT_EQ(summary.at("epsilon"), rounds.back().at("epsilon"));
  EXPECT_EQ(summary.at("delta"), 1e-5);
  EXPECT_EQ(summary.at("accountant"), "rdp");
  EXPECT_TRUE(summary.contains("rdp_order"));
  // What `fedsec account --q --sigma --steps` needs to reproduce the final epsilon.
  EXPECT_DOUBLE_EQ(summary.at("sample_rate").get<double>(), 1.0 / 3.0);
  EXPECT_EQ(summary.at("accounted_steps"), 9);
  RdpAccountant at_once;
  at_once.step(summary.at("noise_multiplier").get<double>(), summary.at("sample_rate").get<double>(),
               summary.at("accounted_steps").get<int64_t>());
  EXPECT_NEAR(at_once.epsilon(1e-5).epsilon, summary.at("epsilon").get<double>(), 1e-12);
}

TEST(DpSimulation, PldEpsilonIsTheAccountantsAtEvaluationRoundsAndTheLast) {
  // PLD recomposes the whole history on each query, so it answers at rounds 2 (eval_every) and 3
  // (the last); round 1 records its steps without an epsilon.
  nlohmann::json summary;
  const auto rounds =
      run(sample_config({{"dp.accountant", "pld"}, {"federation.eval_every", "2"}}), "sample_pld", &summary);
  ASSERT_EQ(rounds.size(), 3u);
  PldAccountant reference;
  for (size_t r = 0; r < rounds.size(); ++r) {
    reference.step(1.1, 1.0 / 3.0, 3);
    if (r == 0) {
      EXPECT_FALSE(rounds[r].contains("epsilon"));
      continue;
    }
    EXPECT_DOUBLE_EQ(rounds[r].at("epsilon").get<double>(), reference.epsilon(1e-5).epsilon)
        << "round " << r + 1;
  }
  EXPECT_EQ(summary.at("epsilon"), rounds.back().at("epsilon"));
  EXPECT_EQ(summary.at("accountant"), "pld");
  PldAccountant at_once;  // what `fedsec account --accountant pld` computes from the summary
  at_once.step(summary.at("noise_multiplier").get<double>(), summary.at("sample_rate").get<double>(),
               summary.at("accounted_steps").get<int64_t>());
  EXPECT_DOUBLE_EQ(at_once.epsilon(1e-5).epsilon, summary.at("epsilon").get<double>());
}

TEST(DpSimulation, TargetEpsilonCalibratesTheNoise) {
  for (const char* accountant : {"rdp", "pld"}) {
    nlohmann::json summary;
    run(sample_config({{"dp.target_epsilon", "2.0"}, {"dp.accountant", accountant}}),
        std::string("target_") + accountant, &summary);
    EXPECT_LE(summary.at("epsilon").get<double>(), 2.0) << accountant;
    EXPECT_GE(summary.at("epsilon").get<double>(), 1.98) << accountant;
    EXPECT_EQ(summary.at("accountant"), accountant);
  }
}

TEST(DpSimulation, SameSeedSameBitsAndDifferentSeedDifferentNoise) {
  const auto a = final_model(sample_config());
  const auto b = final_model(sample_config());
  const auto c = final_model(sample_config({{"seed", "1"}}));
  EXPECT_TRUE(torch::equal(a, b));
  EXPECT_FALSE(torch::equal(a, c));
}

TEST(DpSimulation, WithoutNoiseAndClippingClientAndLocalModesAreFedAvg) {
  // IID shards of equal size: the weighted mean equals the fixed-denominator mean.
  const auto plain = final_model(testing::tiny_config());
  for (const char* mode : {"client", "local"}) {
    const auto dp = final_model(
        testing::tiny_config({{"dp.mode", mode}, {"dp.noise_multiplier", "0"}, {"dp.clip", "1e6"}}));
    EXPECT_LE((dp - plain).abs().max().item<double>(), 1e-6) << mode;
  }
}

TEST(DpSimulation, ClientLevelClippingBoundsEachRoundsStep) {
  // Without noise, each round moves the model by the mean of updates clipped to 0.01.
  const Config config =
      testing::tiny_config({{"dp.mode", "client"}, {"dp.noise_multiplier", "0"}, {"dp.clip", "0.01"}});
  fl::Simulation simulation(config, testing::registry());
  torch::Tensor before = simulation.global_params().clone();
  while (!simulation.finished()) {
    const auto record = simulation.run_round();
    EXPECT_TRUE(std::isinf(record.privacy->epsilon));
    const double step = (simulation.global_params() - before).norm().item<double>();
    EXPECT_LE(step, 0.01 * (1 + 1e-5));
    EXPECT_GT(step, 0.001);
    before = simulation.global_params().clone();
  }
}

TEST(DpSimulation, ClientLevelNoiseHasTheDocumentedScale) {
  // A clip so small that the update is nearly pure noise: std of the step = z * S / m.
  const Config config = testing::tiny_config(
      {{"dp.mode", "client"}, {"dp.noise_multiplier", "2"}, {"dp.clip", "1e-3"}, {"federation.rounds", "1"}});
  fl::Simulation simulation(config, testing::registry());
  const auto before = simulation.global_params().clone();
  const auto record = simulation.run_round();
  const double std = (simulation.global_params() - before).std().item<double>();
  EXPECT_NEAR(std, 2 * 1e-3 / 4, 0.1 * 2 * 1e-3 / 4);
  // q = 4 / 10, one release.
  RdpAccountant reference;
  reference.step(2.0, 0.4, 1);
  EXPECT_NEAR(record.privacy->epsilon, reference.epsilon(1e-5).epsilon, 1e-12);
}

TEST(DpSimulation, LocalModeAccountsEveryRoundAtFullRate) {
  nlohmann::json summary;
  run(testing::tiny_config({{"dp.mode", "local"}, {"dp.noise_multiplier", "5"}}), "local", &summary);
  RdpAccountant reference;
  reference.step(5.0, 1.0, 3);
  EXPECT_NEAR(summary.at("epsilon").get<double>(), reference.epsilon(1e-5).epsilon, 1e-12);
}

TEST(DpSimulation, CombinationsThatCannotBeProtectedAreRefused) {
  EXPECT_THROW(fl::Simulation(testing::tiny_config({{"dp.mode", "client"}, {"server.aggregator", "median"}}),
                              testing::registry()),
               UsageError);
  EXPECT_THROW(fl::Simulation(sample_config({{"federation.strategy", "fedsgd"}}), testing::registry()),
               UsageError);
  EXPECT_THROW(testing::tiny_config({{"dp.mode", "central"}}), UsageError);
  EXPECT_THROW(testing::tiny_config({{"dp.delta", "1"}}), UsageError);
}

TEST(DpSimulation, ConvNetTrainsUnderDpSgd) {
  nlohmann::json summary;
  run(sample_config({{"model.name", "convnet"}, {"client.steps", "2"}, {"federation.rounds", "1"}}),
      "convnet", &summary);
  EXPECT_TRUE(std::isfinite(summary.at("final_train_loss").get<double>()));
  EXPECT_GT(summary.at("epsilon").get<double>(), 0);
}

}  // namespace
}  // namespace fedsec::privacy
