// Byzantine behaviours inside the simulator: who attacks, what omniscient attackers see, and
// effects with closed forms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "attacks/gaussian_attack.h"
#include "support/test_config.h"

namespace fedsec::attacks {
namespace {

fl::Config config_with(std::vector<fl::Override> overrides) {
  std::vector<fl::Override> all{{"partition.num_clients", "4"}, {"federation.clients_per_round", "4"}};
  all.insert(all.end(), overrides.begin(), overrides.end());
  return testing::tiny_config(all);
}

TEST(AttackPlacement, RandomPlacementDrawsDistinctClientsFromTheSeed) {
  auto attackers = [](const std::string& placement, const std::string& seed) {
    return fl::Simulation(testing::tiny_config({{"attack.behaviour", "sign_flip"},
                                                {"attack.num_clients", "3"},
                                                {"attack.placement", placement},
                                                {"seed", seed}}),
                          testing::registry())
        .attackers();
  };
  EXPECT_EQ(attackers("first", "0"), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(attackers("random", "4"), attackers("random", "4"));
  std::set<std::vector<int>> drawn;
  for (int seed = 0; seed < 8; ++seed) {
    const auto ids = attackers("random", std::to_string(seed));
    ASSERT_EQ(ids.size(), 3u);
    EXPECT_EQ(std::set<int>(ids.begin(), ids.end()).size(), 3u);
    for (int id : ids) EXPECT_TRUE(id >= 0 && id < 10);
    drawn.insert(ids);
  }
  EXPECT_GT(drawn.size(), 4u);  // different seeds place the attackers differently
}

TEST(OmniscientAttack, IpmAtEpsilonHOverFCancelsTheHonestMeanExactly) {
  // 4 equal shards, 2 honest and 2 IPM clients with epsilon = 2/2: the weighted mean is
  // (mu + mu - mu - mu) / 4 = 0, so the global model does not move, which holds only if the
  // attackers saw exactly the honest updates of the round.
  fl::Simulation clean(config_with({}), testing::registry());
  const torch::Tensor start = clean.global_params().clone();
  clean.run_round();
  ASSERT_GT((clean.global_params() - start).abs().max().item<float>(), 1e-3);

  fl::Simulation attacked(
      config_with({{"attack.behaviour", "ipm"}, {"attack.num_clients", "2"}, {"attack.ipm.epsilon", "1"}}),
      testing::registry());
  attacked.run_round();
  EXPECT_LT((attacked.global_params() - start).abs().max().item<float>(), 1e-6);
}

TEST(OmniscientAttack, ResultsDoNotDependOnThreads) {
  for (const std::string attack : {"alie", "min_max", "min_sum", "mimic", "gaussian"}) {
    auto run = [&](const std::string& threads) {
      fl::Simulation s(testing::tiny_config({{"attack.behaviour", attack},
                                             {"attack.num_clients", "3"},
                                             {"federation.clients_per_round", "6"},
                                             {"federation.threads", threads}}),
                       testing::registry());
      while (!s.finished()) s.run_round();
      return s.global_params().clone();
    };
    EXPECT_TRUE(run("1").equal(run("3"))) << attack;
  }
}

TEST(LabelFlip, ModelTrainedOnlyByFlippersLearnsTheFlippedLabels) {
  auto accuracy = [](const std::string& behaviour, const std::string& attackers) {
    fl::Simulation s(config_with({{"attack.behaviour", behaviour},
                                  {"attack.num_clients", attackers},
                                  {"federation.rounds", "5"},
                                  {"client.lr", "0.1"}}),
                     testing::registry());
    fl::RoundRecord record;
    while (!s.finished()) record = s.run_round();
    return record.test_accuracy.value();
  };
  EXPECT_GT(accuracy("honest", "0"), 0.5);
  EXPECT_LT(accuracy("label_flip", "4"), 0.1);  // below chance: it predicts 9 - y
}

TEST(Gaussian, SendsReproducibleNoiseWithTheConfiguredMoments) {
  GaussianClient client(0.5, 2.0);
  const torch::Tensor global = torch::zeros({200000});
  auto send = [&](uint64_t seed) {
    fl::Rng rng = fl::make_rng(seed, "test");
    fl::ClientContext context;
    context.global = &global;
    context.rng = &rng;
    return client.respond(context);
  };
  const fl::ClientReply reply = send(3);
  EXPECT_NEAR(reply.update.mean().item<double>(), 0.5, 0.02);
  EXPECT_NEAR(reply.update.std().item<double>(), 2.0, 0.02);
  EXPECT_TRUE(std::isnan(reply.train_loss));
  EXPECT_TRUE(reply.update.equal(send(3).update));
  EXPECT_FALSE(reply.update.equal(send(4).update));
}

}  // namespace
}  // namespace fedsec::attacks
