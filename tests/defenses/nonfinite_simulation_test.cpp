// Clients sending NaN or Inf never crash the server, whatever the aggregator.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fl/errors.h"
#include "fl/simulation.h"
#include "support/test_config.h"

namespace fedsec::testing {
namespace {

// Sends an honest update with one coordinate replaced by NaN (even clients) or +Inf (odd ones).
class NonFiniteClient final : public fl::ClientBehaviour {
 public:
  fl::ClientReply respond(fl::ClientContext& context) override {
    fl::ClientReply reply = honest_reply(context, context.data->labels);
    reply.update[context.client] = context.client % 2 == 0 ? std::numeric_limits<float>::quiet_NaN()
                                                           : std::numeric_limits<float>::infinity();
    return reply;
  }
};

TEST(NonFiniteSimulation, EveryRuleSurvivesAndCountsNonFiniteUpdates) {
  fl::Registry registry = make_registry();
  registry.add_behaviour("nonfinite", [](const fl::Config&) { return std::make_unique<NonFiniteClient>(); });
  for (const std::string rule : {"mean", "median", "trimmed_mean", "meamed", "krum", "multi_krum",
                                 "geometric_median", "bulyan", "centered_clipping", "flag"}) {
    const fl::Config config = fl::Config::parse("",
                                                {{"data.max_train_samples", "300"},
                                                 {"data.max_test_samples", "100"},
                                                 {"model.name", "logreg"},
                                                 {"partition.name", "iid"},
                                                 {"partition.num_clients", "7"},
                                                 {"federation.clients_per_round", "7"},
                                                 {"federation.rounds", "2"},
                                                 {"attack.behaviour", "nonfinite"},
                                                 {"attack.num_clients", "2"},
                                                 {"server.f", "1"},
                                                 {"server.aggregator", rule}},
                                                registry.schema());
    fl::Simulation simulation(config, registry);
    for (int round = 0; round < 2; ++round) {
      const auto record = simulation.run_round();
      EXPECT_EQ(record.nonfinite_updates, 2) << rule;
      EXPECT_TRUE(std::isfinite(record.train_loss)) << rule;
    }
    EXPECT_TRUE(torch::isfinite(simulation.global_params()).all().item<bool>()) << rule;
  }
}

TEST(NonFiniteSimulation, ARuleThatCannotRunOnTheRoundIsRefusedBeforeAnyRound) {
  try {
    fl::Simulation(tiny_config({{"server.aggregator", "bulyan"}, {"server.f", "1"}}), registry());
    FAIL() << "bulyan with 4 clients per round and f = 1 was accepted";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("bulyan needs n >= 4f+3, got n = 4, f = 1"));
  }
}

}  // namespace
}  // namespace fedsec::testing
