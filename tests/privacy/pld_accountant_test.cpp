#include "privacy/pld_accountant.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "fl/errors.h"
#include "privacy/pld_gaussian.h"
#include "privacy/rdp_accountant.h"
#include "tests/privacy/dp_reference.h"

namespace fedsec::privacy {
namespace {

using testing::DpReferenceRow;

double pld_epsilon_of(double sigma, double q, std::int64_t steps, double delta) {
  PldAccountant accountant;
  accountant.step(sigma, q, steps);
  return accountant.epsilon(delta).epsilon;
}

double rdp_epsilon_of(double sigma, double q, std::int64_t steps, double delta) {
  RdpAccountant accountant;
  accountant.step(sigma, q, steps);
  return accountant.epsilon(delta).epsilon;
}

class PldMatchesDpAccounting : public ::testing::TestWithParam<DpReferenceRow> {};

// eps_pld is dp_accounting's PLDAccountant (interval 1e-4) for q < 1 and the exact analytic Gaussian
// for q = 1. Required: within 1% relative or 0.01 absolute, whichever is larger. And never above RDP.
TEST_P(PldMatchesDpAccounting, EpsilonWithinTolerance) {
  const DpReferenceRow& row = GetParam();
  const double eps = pld_epsilon_of(row.sigma, row.q, row.steps, row.delta);
  EXPECT_NEAR(eps, row.eps_pld, std::max(0.01 * row.eps_pld, 0.01));
  EXPECT_LE(eps, row.eps_rdp);
}

INSTANTIATE_TEST_SUITE_P(DpReferencePublic, PldMatchesDpAccounting,
                         ::testing::ValuesIn(testing::load_dp_reference()),
                         [](const auto& info) { return testing::dp_reference_label(info.param); });

// dp_accounting's get_epsilon_gaussian, quoted in the research note: 3.92125025 for sigma 1.1.
TEST(GaussianEpsilon, MatchesAnalyticGaussian) {
  EXPECT_NEAR(gaussian_epsilon(1.1, 1e-5), 3.92125025, 1e-7);
  EXPECT_NEAR(gaussian_delta(1.1, gaussian_epsilon(1.1, 1e-5)), 1e-5, 1e-12);
  EXPECT_EQ(gaussian_epsilon(100.0, 0.5), 0.0);
}

TEST(SubsampledGaussianDelta, RemoveAndAddSidesAreConsistent) {
  // q = 1: both sides are the plain Gaussian.
  for (double eps : {-1.0, 0.0, 0.5, 3.0})
    for (PldSide side : {PldSide::kRemove, PldSide::kAdd})
      EXPECT_NEAR(subsampled_gaussian_delta(1.1, 1.0, side, eps), gaussian_delta(1.1, eps), 1e-15);
  // Hockey-stick divergences lie in [0, 1], decrease in eps, and vanish beyond the add side's cap.
  const double q = 0.01;
  double previous_remove = 1, previous_add = 1;
  for (double eps = -2; eps <= 6; eps += 0.25) {
    const double remove = subsampled_gaussian_delta(1.1, q, PldSide::kRemove, eps);
    const double add = subsampled_gaussian_delta(1.1, q, PldSide::kAdd, eps);
    EXPECT_LE(remove, previous_remove);
    EXPECT_LE(add, previous_add);
    EXPECT_GE(add, 0);
    previous_remove = remove;
    previous_add = add;
  }
  EXPECT_EQ(subsampled_gaussian_delta(1.1, q, PldSide::kAdd, -std::log1p(-q) + 1e-9), 0.0);
  EXPECT_NEAR(subsampled_gaussian_delta(1.1, q, PldSide::kRemove, std::log1p(-q) - 0.1),
              -std::expm1(std::log1p(-q) - 0.1), 1e-15);
}

TEST(PldAccountant, TighterThanRdpAcrossSettings) {
  for (double q : {0.001, 0.02})
    for (double sigma : {0.8, 1.5})
      for (std::int64_t steps : {1, 50, 1000}) {
        const double pld = pld_epsilon_of(sigma, q, steps, 1e-6);
        EXPECT_LE(pld, rdp_epsilon_of(sigma, q, steps, 1e-6))
            << "q " << q << " sigma " << sigma << " steps " << steps;
        EXPECT_GT(pld, 0);
      }
}

TEST(PldAccountant, EpsilonGrowsWithStepsAndShrinksWithNoise) {
  double previous = 0;
  for (std::int64_t steps : {1, 10, 100, 1000, 3000}) {
    const double eps = pld_epsilon_of(1.1, 0.01, steps, 1e-5);
    EXPECT_GT(eps, previous) << steps << " steps";
    previous = eps;
  }
  previous = INFINITY;
  for (double sigma : {0.8, 1.1, 2.0, 4.0}) {
    const double eps = pld_epsilon_of(sigma, 0.01, 1000, 1e-5);
    EXPECT_LT(eps, previous) << "sigma " << sigma;
    previous = eps;
  }
}

TEST(PldAccountant, FullBatchStepsComposeExactly) {
  PldAccountant split;
  split.step(2.0, 1.0, 3);
  split.step(1.0, 1.0, 1);
  // 3 / 4 + 1 / 1 = 1.75 = sigma^-2.
  EXPECT_NEAR(split.epsilon(1e-5).epsilon, gaussian_epsilon(1 / std::sqrt(1.75), 1e-5), 1e-9);
}

TEST(PldAccountant, HeterogeneousCompositionSitsBetweenItsParts) {
  const double a = pld_epsilon_of(1.1, 0.01, 500, 1e-5);
  const double b = pld_epsilon_of(0.9, 0.004, 800, 1e-5);
  PldAccountant both;
  both.step(1.1, 0.01, 200);
  both.step(0.9, 0.004, 800);
  both.step(1.1, 0.01, 300);  // merged with the first group
  const double ab = both.epsilon(1e-5).epsilon;
  EXPECT_GT(ab, std::max(a, b));
  EXPECT_LT(ab, a + b);  // basic composition is a (loose) upper bound
  RdpAccountant rdp;
  rdp.step(1.1, 0.01, 500);
  rdp.step(0.9, 0.004, 800);
  EXPECT_LE(ab, rdp.epsilon(1e-5).epsilon);
}

TEST(PldAccountant, MixedFullBatchAndSubsampledSteps) {
  PldAccountant mixed;
  mixed.step(1.1, 0.01, 1000);
  mixed.step(20.0, 1.0, 10);
  const double eps = mixed.epsilon(1e-5).epsilon;
  EXPECT_GT(eps, pld_epsilon_of(1.1, 0.01, 1000, 1e-5));
  RdpAccountant rdp;
  rdp.step(1.1, 0.01, 1000);
  rdp.step(20.0, 1.0, 10);
  EXPECT_LE(eps, rdp.epsilon(1e-5).epsilon);
}

TEST(PldAccountant, CoarserGridStaysAnUpperBound) {
  PldOptions coarse;
  coarse.max_grid_points = 4096;  // forces the interval to double several times
  PldAccountant coarse_accountant(coarse);
  coarse_accountant.step(1.1, 0.01, 1000);
  const double fine = pld_epsilon_of(1.1, 0.01, 1000, 1e-5);
  const double rough = coarse_accountant.epsilon(1e-5).epsilon;
  EXPECT_GE(rough, fine - 1e-9);
  EXPECT_LT(rough, fine * 1.5);
}

TEST(PldAccountant, NothingRecordedMeansZeroEpsilon) {
  PldAccountant accountant;
  EXPECT_EQ(accountant.epsilon(1e-5).epsilon, 0);
  EXPECT_FALSE(accountant.epsilon(1e-5).best_order.has_value());
}

TEST(PldAccountant, InvalidArgumentsThrowUsageError) {
  PldAccountant accountant;
  EXPECT_THROW(accountant.step(0, 0.01, 1), UsageError);
  EXPECT_THROW(accountant.step(1, 0, 1), UsageError);
  EXPECT_THROW(accountant.step(1, 1.01, 1), UsageError);
  EXPECT_THROW(accountant.step(1, 0.01, -3), UsageError);
  EXPECT_THROW(accountant.epsilon(0), UsageError);
  EXPECT_THROW(accountant.epsilon(1.5), UsageError);
  PldOptions bad;
  bad.interval = 0;
  EXPECT_THROW(PldAccountant{bad}, UsageError);
  bad = PldOptions{};
  bad.tail_mass = 1;
  EXPECT_THROW(PldAccountant{bad}, UsageError);
}

}  // namespace
}  // namespace fedsec::privacy
