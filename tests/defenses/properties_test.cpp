// Properties every robust rule promises: permutation invariance, robustness to f updates of
// magnitude 1e6, and non-finite updates treated as outliers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aggregator_support.h"
#include "defenses/robust_aggregator.h"
#include "fl/errors.h"

namespace fedsec::testing {
namespace {

constexpr int64_t kN = 11, kF = 2, kD = 16;  // Bulyan needs n >= 4f+3 = 11

torch::Tensor honest_updates(int64_t rows, int64_t seed) {
  torch::manual_seed(seed);
  return torch::rand({rows, kD}) * 2 - 1;  // inside [-1, 1]^d
}

TEST(RuleProperties, EveryRuleIsInvariantToTheOrderOfTheUpdates) {
  auto rules = robust_rules();
  rules.push_back("mean");
  const auto x = honest_updates(kN, 1);
  const auto permutation = torch::randperm(kN);
  for (const auto& rule : rules) {
    const auto a = aggregate(rule, x, kF), b = aggregate(rule, x.index_select(0, permutation), kF);
    EXPECT_TRUE(torch::allclose(a, b, 1e-4, 1e-5)) << rule;
  }
  const std::vector<fl::Override> nnm{{"server.pre_aggregation", "nnm"}};
  EXPECT_TRUE(torch::allclose(aggregate("median", x, kF, nnm),
                              aggregate("median", x.index_select(0, permutation), kF, nnm), 1e-4, 1e-5));
}

// f Byzantine rows of norm 1e6: all along one random direction, or each its own.
std::vector<torch::Tensor> attacked(const torch::Tensor& honest, int64_t seed) {
  torch::manual_seed(seed);
  const auto direction = torch::randn({kD});
  const auto same = (direction / direction.norm() * 1e6).repeat({kF, 1});
  auto own = torch::randn({kF, kD});
  own = own / own.norm(2, 1, true) * 1e6;
  return {torch::cat({honest, same}), torch::cat({own, honest}), torch::cat({honest, -same})};
}

TEST(RuleProperties, CoordinateAndSelectionRulesStayInTheHonestBoundingBox) {
  for (int64_t seed = 0; seed < 5; ++seed) {
    const auto honest = honest_updates(kN - kF, seed);
    const auto lo = std::get<0>(honest.min(0)), hi = std::get<0>(honest.max(0));
    for (const auto& x : attacked(honest, seed + 100)) {
      for (const std::string rule : {"median", "trimmed_mean", "meamed", "krum", "multi_krum", "bulyan"}) {
        const auto out = aggregate(rule, x, kF);
        EXPECT_TRUE((out >= lo - 1e-5).all().item<bool>() && (out <= hi + 1e-5).all().item<bool>()) << rule;
      }
      const auto mixed = aggregate("trimmed_mean", x, kF, {{"server.pre_aggregation", "nnm"}});
      EXPECT_TRUE((mixed >= lo - 1e-5).all().item<bool>() && (mixed <= hi + 1e-5).all().item<bool>());
      // The mean is not robust: the same attack takes it far outside.
      EXPECT_GT(aggregate("mean", x, kF).abs().max().item<double>(), 1e3);
    }
  }
}

TEST(RuleProperties, GeometricMedianStaysInItsGuaranteedBall) {
  // For f < n/2 and any y: ||GM - y|| <= 2(n-f)/(n-2f) max_honest ||x_i - y||; take y the honest mean.
  const double factor = 2.0 * (kN - kF) / (kN - 2 * kF);
  for (int64_t seed = 0; seed < 5; ++seed) {
    const auto honest = honest_updates(kN - kF, seed);
    const auto y = honest.mean(0);
    const double radius = (honest - y).norm(2, 1).max().item<double>();
    for (const auto& x : attacked(honest, seed + 100))
      EXPECT_LE((aggregate("geometric_median", x, kF) - y).norm().item<double>(), factor * radius + 1e-3);
  }
}

TEST(RuleProperties, CenteredClippingMovesAtMostTauPerByzantineUpdate) {
  // From centre 0, one iteration: honest part (1/n) sum clip(x_i), plus at most f tau / n.
  const double tau = 0.5;
  for (int64_t seed = 0; seed < 5; ++seed) {
    const auto honest = honest_updates(kN - kF, seed);
    const auto norms = honest.norm(2, 1, true);
    const auto clipped = honest * torch::clamp_max(tau / norms, 1.0);
    const auto honest_part = clipped.sum(0) / kN;
    for (const auto& x : attacked(honest, seed + 100)) {
      const auto out = aggregate("centered_clipping", x, kF, {{"aggregator.centered_clipping.tau", "0.5"}});
      EXPECT_LE((out - honest_part).norm().item<double>(), kF * tau / kN + 1e-5);
    }
  }
}

TEST(RuleProperties, FlagAggregatorIgnoresMagnitudes) {
  // Output (1/m) Y Y^T sum u_i has norm at most n/m whatever the updates' scale.
  for (int64_t seed = 0; seed < 5; ++seed)
    for (const auto& x : attacked(honest_updates(kN - kF, seed), seed + 100)) {
      const auto out = aggregate("flag", x, kF);
      EXPECT_LE(out.norm().item<double>(), static_cast<double>(kN) / ((kN + 1) / 2) + 1e-5);
      EXPECT_TRUE(torch::allclose(aggregate("flag", x * 1e-3, kF), out, 1e-4, 1e-5));
    }
}

torch::Tensor with_nonfinite_rows(const torch::Tensor& x) {
  auto y = x.clone();
  y[0][3] = std::numeric_limits<float>::quiet_NaN();
  y[kN - 1][0] = std::numeric_limits<float>::infinity();
  return y;
}

TEST(RuleProperties, NonFiniteUpdatesCountAgainstF) {
  // Two non-finite rows: the result is the rule on the other n - 2 rows with f - 2.
  const auto x = honest_updates(kN, 7);
  const auto y = with_nonfinite_rows(x);
  const auto finite = x.narrow(0, 1, kN - 2);
  auto rules = robust_rules();
  rules.push_back("mean");
  for (const auto& rule : rules) {
    const auto out = aggregate(rule, y, kF);
    EXPECT_TRUE(torch::isfinite(out).all().item<bool>()) << rule;
    EXPECT_TRUE(torch::allclose(out, aggregate(rule, finite, 0), 1e-5, 1e-6)) << rule;
  }
  EXPECT_EQ(defenses::finite_rows(y), (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(RuleProperties, NonFiniteUpdatesActAsFarOutliersForKrum) {
  // Krum on (n - k, f - k) equals Krum with the k rows replaced by far-away ones.
  const auto x = honest_updates(kN, 8);
  auto far = x.clone();
  far[0].fill_(1e6);
  far[kN - 1].fill_(-1e6);
  for (const std::string rule : {"krum", "multi_krum"})
    EXPECT_TRUE(torch::allclose(aggregate(rule, with_nonfinite_rows(x), kF),
                                aggregate(rule, far, kF).to(torch::kFloat32), 1e-5, 1e-6))
        << rule;
}

TEST(RuleProperties, MoreNonFiniteUpdatesThanFStillGiveAFiniteResult) {
  auto x = honest_updates(kN, 9);
  for (int64_t i = 0; i < 2 * kF; ++i) x[i][i] = std::numeric_limits<float>::quiet_NaN();
  auto rules = robust_rules();
  rules.push_back("mean");
  for (const auto& rule : rules)
    EXPECT_TRUE(torch::isfinite(aggregate(rule, x, kF)).all().item<bool>()) << rule;
  const auto all_bad = torch::full({kN, kD}, std::numeric_limits<float>::infinity());
  for (const auto& rule : rules) EXPECT_THROW(aggregate(rule, all_bad, kF), UsageError) << rule;
}

}  // namespace
}  // namespace fedsec::testing
