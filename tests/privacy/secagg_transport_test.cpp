// `transport.name: secagg` and `secagg+` in the simulator: the server learns only the sum of the
// round's updates, trains what plain bytes train within the fixed-point bound, composes with DP,
// refuses robust rules, and survives failed rounds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fl/errors.h"
#include "fl/simulation.h"
#include "support/test_config.h"

namespace fedsec::privacy {
namespace {

using ::testing::HasSubstr;

struct SecAggOutcome {
  torch::Tensor params;
  std::vector<fl::RoundRecord> rounds;
};

SecAggOutcome run(const fl::Config& c) {
  fl::Simulation s(c, testing::registry());
  SecAggOutcome r;
  while (!s.finished()) r.rounds.push_back(s.run_round());
  r.params = s.global_params().clone();
  return r;
}

fl::Config with(const std::string& transport, std::vector<fl::Override> extra = {}) {
  extra.push_back({"transport.name", transport});
  return testing::tiny_config(extra);
}

// Three rounds of sums of at most 8 values of magnitude well below the clip: each round's
// aggregate is within n / (2 scale) < 1e-6 of the exact one; float32 rounding of the weighted
// values and of the mean adds a few ulps.
constexpr double kTolerance = 1e-5;

double max_difference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

TEST(SecAggTransport, TrainsWhatPlainBytesTrainWithinTheFixedPointBound) {
  for (const char* partition : {"iid", "quantity_skew"}) {  // equal and unequal sample weights
    const std::vector<fl::Override> o{{"partition.name", partition}, {"federation.clients_per_round", "8"}};
    const SecAggOutcome plain = run(with("plain", o));
    for (const char* transport : {"secagg", "secagg+"}) {
      const SecAggOutcome secure = run(with(transport, o));
      EXPECT_LT(max_difference(plain.params, secure.params), kTolerance) << partition << " " << transport;
      EXPECT_FALSE(plain.params.equal(secure.params)) << "the fixed-point sum is not the float mean";
      for (size_t r = 0; r < plain.rounds.size(); ++r) {
        EXPECT_TRUE(secure.rounds[r].failure.empty()) << secure.rounds[r].failure;
        EXPECT_NEAR(secure.rounds[r].train_loss, plain.rounds[r].train_loss, 1e-5);
        EXPECT_GT(secure.rounds[r].bytes_up, plain.rounds[r].bytes_up)
            << "masked inputs and protocol messages";
      }
    }
  }
}

TEST(SecAggTransport, SecAggPlusSendsLessThanSecAggWhenTheGraphIsSparse) {
  // 8 clients per round: SecAgg+ uses a 6-regular graph instead of the complete one.
  const std::vector<fl::Override> o{{"federation.clients_per_round", "8"}, {"federation.rounds", "1"}};
  const SecAggOutcome full = run(with("secagg", o));
  const SecAggOutcome sparse = run(with("secagg+", o));
  EXPECT_LT(sparse.rounds[0].bytes_up, full.rounds[0].bytes_up);
  EXPECT_LT(sparse.rounds[0].bytes_down, full.rounds[0].bytes_down);
}

TEST(SecAggTransport, IsDeterministic) {
  const SecAggOutcome a = run(with("secagg+", {{"federation.clients_per_round", "8"}}));
  const SecAggOutcome b = run(with("secagg+", {{"federation.clients_per_round", "8"}}));
  EXPECT_TRUE(a.params.equal(b.params));
  for (size_t r = 0; r < a.rounds.size(); ++r) EXPECT_EQ(a.rounds[r].bytes_up, b.rounds[r].bytes_up);
}

TEST(SecAggTransport, RefusesRulesThatNeedIndividualUpdates) {
  for (const char* transport : {"secagg", "secagg+"}) {
    try {
      fl::Simulation s(with(transport, {{"server.aggregator", "median"}}), testing::registry());
      ADD_FAILURE() << "median under " << transport << " was accepted";
    } catch (const UsageError& e) {
      EXPECT_THAT(e.what(), HasSubstr("needs each update"));
      EXPECT_THAT(e.what(), HasSubstr("server.aggregator: median"));
    }
    EXPECT_THROW(fl::Simulation(with(transport, {{"server.pre_aggregation", "nnm"}}), testing::registry()),
                 UsageError);
    EXPECT_NO_THROW(fl::Simulation(with(transport), testing::registry()));
  }
}

TEST(SecAggTransport, RefusesADegreeTheRoundCannotHave) {
  EXPECT_THROW(fl::Simulation(with("secagg+", {{"transport.secagg.degree", "4"}}), testing::registry()),
               UsageError);  // 4 clients per round: degree at most 3
}

TEST(SecAggTransport, AFailedRoundLeavesTheModelAndTheRunGoesOn) {
  fl::Simulation s(with("secagg", {{"transport.secagg.dropout.after_advertise", "1.0"}}),
                   testing::registry());
  const torch::Tensor initial = s.global_params().clone();
  int rounds = 0;
  while (!s.finished()) {
    const fl::RoundRecord r = s.run_round();
    ++rounds;
    EXPECT_FALSE(r.failure.empty());
    EXPECT_TRUE(s.global_params().equal(initial));
    EXPECT_GT(r.bytes_up, 0) << "the keys that were sent are counted";
  }
  EXPECT_EQ(rounds, 3);
}

TEST(SecAggTransport, CentralDpUnderSecAggAddsTheSameNoiseToTheSum) {
  const std::vector<fl::Override> o{
      {"dp.mode", "client"}, {"dp.noise_multiplier", "1.0"}, {"dp.clip", "0.5"}};
  const SecAggOutcome plain = run(with("plain", o));
  const SecAggOutcome secure = run(with("secagg", o));
  EXPECT_LT(max_difference(plain.params, secure.params), kTolerance);
  ASSERT_TRUE(secure.rounds.back().privacy.has_value());
  EXPECT_EQ(secure.rounds.back().privacy->epsilon, plain.rounds.back().privacy->epsilon);
}

TEST(SecAggTransport, DistributedDpNeedsSecureAggregation) {
  for (const char* transport : {"plain", "channel"}) {
    try {
      fl::Simulation s(with(transport, {{"dp.mode", "distributed"}}), testing::registry());
      ADD_FAILURE() << "distributed DP over " << transport << " was accepted";
    } catch (const UsageError& e) {
      EXPECT_THAT(e.what(), HasSubstr("secagg"));
    }
  }
  EXPECT_THROW(fl::Simulation(with("secagg", {{"dp.mode", "distributed"}, {"dp.min_contributors", "5"}}),
                              testing::registry()),
               UsageError);  // more than the 4 clients per round
}

TEST(SecAggTransport, DistributedDpIsAccountedAsCentralDpAndMatchesItWithoutNoise) {
  const std::vector<fl::Override> noiseless{{"dp.noise_multiplier", "0"}, {"dp.clip", "0.5"}};
  auto distributed = noiseless, central = noiseless;
  distributed.push_back({"dp.mode", "distributed"});
  central.push_back({"dp.mode", "client"});
  EXPECT_LT(max_difference(run(with("secagg", distributed)).params, run(with("secagg", central)).params),
            kTolerance);

  const std::vector<fl::Override> noisy{{"dp.noise_multiplier", "1.0"}, {"dp.clip", "0.5"}};
  auto d = noisy, c = noisy;
  d.push_back({"dp.mode", "distributed"});
  c.push_back({"dp.mode", "client"});
  const SecAggOutcome dist = run(with("secagg", d));
  const SecAggOutcome cent = run(with("secagg", c));
  EXPECT_EQ(dist.rounds.back().privacy->epsilon, cent.rounds.back().privacy->epsilon);
  EXPECT_GT(max_difference(dist.params, cent.params), 0.0) << "the noise comes from the clients instead";
}

TEST(SecAggTransport, DistributedDpWithholdsARoundWithTooFewContributors) {
  // Threshold 2 lets a round succeed with fewer than the 4 contributors whose noise shares add up
  // to the promised noise; such a round is withheld and the model stays.
  fl::Simulation s(with("secagg", {{"dp.mode", "distributed"},
                                   {"transport.secagg.threshold", "2"},
                                   {"transport.secagg.dropout.after_share", "0.3"},
                                   {"federation.rounds", "6"}}),
                   testing::registry());
  int withheld = 0, released = 0;
  while (!s.finished()) {
    const torch::Tensor before = s.global_params().clone();
    const fl::RoundRecord r = s.run_round();
    if (r.failure.empty()) {
      ++released;
      EXPECT_FALSE(s.global_params().equal(before));
    } else {
      withheld += r.failure.find("withheld") != std::string::npos ? 1 : 0;
      EXPECT_TRUE(s.global_params().equal(before));
    }
  }
  EXPECT_GT(withheld, 0);
  EXPECT_GT(released, 0);
}

}  // namespace
}  // namespace fedsec::privacy
