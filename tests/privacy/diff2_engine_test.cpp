// DIFF2-GD's round loop: DP-GD is its T = 1 case, without noise and clipping it is plain GD, and
// the noise lands on the average with the calibrated standard deviation in both placements.
#include <gtest/gtest.h>

#include "privacy/diff2.h"
#include "privacy/diff2_noise.h"
#include "tests/privacy/diff2_test_support.h"

namespace fedsec::privacy {
namespace {

using testing::random_params;
using testing::random_records;

const MlpShape kEngineShape{5, 4, 2};

// 3 nodes of 7, 7 and 6 records (round-robin deal of 20).
std::vector<Diff2Node> make_nodes(uint64_t seed = 41) {
  return deal_round_robin(random_records(20, kEngineShape, seed), kEngineShape, 3);
}

TEST(Diff2Engine, WithRestartEveryRoundIsBitForBitDpGd) {
  auto nodes = make_nodes();
  const Eigen::VectorXd x0 = 0.3 * random_params(kEngineShape, 42);
  Diff2Options o;
  o.rounds = 12;
  o.restart_interval = 1;
  o.lr = 0.2;
  o.clip1 = 0.5;
  o.sigma1 = 0.3;
  o.seed = 7;
  const Eigen::VectorXd diff2 = run_diff2_gd(nodes, x0, o);

  // DP-GD written out: average of the nodes' clipped mean gradients, plus N(0, (sigma C)^2 I).
  auto fresh = make_nodes();
  Eigen::VectorXd x = x0;
  for (int64_t r = 1; r <= o.rounds; ++r) {
    Eigen::VectorXd g = fresh[0].clipped_gradient_mean(x, o.clip1);
    for (size_t p = 1; p < fresh.size(); ++p) g += fresh[p].clipped_gradient_mean(x, o.clip1);
    g /= 3.0;
    add_gaussian_noise(g, o.sigma1 * o.clip1, o.seed, r, 0);
    x -= o.lr * g;
  }
  EXPECT_TRUE(diff2 == x) << (diff2 - x).cwiseAbs().maxCoeff();
  EXPECT_GT((x - x0).norm(), 0.0);
}

TEST(Diff2Engine, WithoutNoiseAndClippingIsPlainGradientDescent) {
  auto nodes = make_nodes();
  const Eigen::VectorXd x0 = 0.3 * random_params(kEngineShape, 43);
  Diff2Options o;
  o.rounds = 25;
  o.restart_interval = 10;  // difference rounds telescope to the exact gradient
  o.lr = 0.1;
  int restarts = 0;
  const Eigen::VectorXd diff2 = run_diff2_gd(nodes, x0, o, [&](const Diff2Step& s, const Eigen::VectorXd&) {
    restarts += s.restart;
    EXPECT_EQ(s.noise_stddev, 0.0);
    return true;
  });
  EXPECT_EQ(restarts, 3);
  auto fresh = make_nodes();
  Eigen::VectorXd x = x0;
  for (int r = 0; r < o.rounds; ++r) {
    Eigen::VectorXd g = Eigen::VectorXd::Zero(x.size());
    for (auto& node : fresh) g += node.objective(x).gradient;
    x -= o.lr * g / 3.0;
  }
  EXPECT_LT((diff2 - x).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_GT((x - x0).norm(), 0.1);
  EXPECT_LT(evaluate_objective(fresh, x).loss, evaluate_objective(fresh, x0).loss);
}

// The difference between a noisy and a noiseless first round is -lr times the noise on the average;
// its empirical standard deviation must be sigma1 * C1 whether the server or the nodes add it.
TEST(Diff2Engine, NoiseOnTheAverageHasTheCalibratedSpreadInBothPlacements) {
  const MlpShape wide{300, 6, 1};
  const RegressionData d = random_records(40, wide, 51);
  const Eigen::VectorXd x0 = 0.1 * random_params(wide, 52);
  Diff2Options o;
  o.rounds = 1;
  o.lr = 1.0;
  o.clip1 = 2.0;
  auto clean_nodes = deal_round_robin(d, wide, 4);
  const Eigen::VectorXd clean = run_diff2_gd(clean_nodes, x0, o);
  o.sigma1 = 0.25;
  for (NoisePlacement placement : {NoisePlacement::kCentral, NoisePlacement::kDistributed}) {
    o.noise = placement;
    auto nodes = deal_round_robin(d, wide, 4);
    const Eigen::VectorXd noise = clean - run_diff2_gd(nodes, x0, o);
    const double sd = std::sqrt(noise.squaredNorm() / noise.size());
    EXPECT_NEAR(sd, 0.5, 0.5 * 0.06) << "placement " << static_cast<int>(placement);  // d = 1813
    EXPECT_NEAR(noise.mean(), 0.0, 4 * 0.5 / std::sqrt(noise.size()));
  }
}

TEST(Diff2Engine, DifferenceRoundsUseTheStepLengthAsRadius) {
  auto nodes = make_nodes();
  Diff2Options o;
  o.rounds = 6;
  o.restart_interval = 3;
  o.lr = 0.1;
  o.clip1 = 1.0;
  o.clip2 = 2.0;
  o.sigma1 = 0.1;
  o.sigma2 = 0.2;
  Eigen::VectorXd prev = 0.3 * random_params(kEngineShape, 44), before_prev = prev;
  std::vector<bool> restarts;
  run_diff2_gd(nodes, prev, o, [&](const Diff2Step& s, const Eigen::VectorXd& x) {
    restarts.push_back(s.restart);
    const double expected = s.restart ? 0.1 * 1.0 : 0.2 * 2.0 * (prev - before_prev).norm();
    EXPECT_NEAR(s.noise_stddev, expected, 1e-15) << "round " << s.round;
    before_prev = prev;
    prev = x;
    return s.round < 5;  // the observer stops the run after round 5
  });
  EXPECT_EQ(restarts, (std::vector<bool>{true, false, false, true, false}));
}

TEST(Diff2Engine, RejectsInvalidOptions) {
  auto nodes = make_nodes();
  Diff2Options o;
  o.restart_interval = 0;
  EXPECT_THROW(run_diff2_gd(nodes, random_params(kEngineShape, 1), o), std::invalid_argument);
  std::vector<Diff2Node> none;
  EXPECT_THROW(run_diff2_gd(none, random_params(kEngineShape, 1), Diff2Options{}), std::invalid_argument);
}

}  // namespace
}  // namespace fedsec::privacy
