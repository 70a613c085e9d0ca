#include "privacy/rdp_accountant.h"

#include <gtest/gtest.h>

#include <cmath>

#include "fl/errors.h"
#include "privacy/rdp_conversion.h"
#include "privacy/rdp_sampled_gaussian.h"
#include "tests/privacy/dp_reference.h"

namespace fedsec::privacy {
namespace {

using testing::DpReferenceRow;

class RdpMatchesOpacus : public ::testing::TestWithParam<DpReferenceRow> {};

// The CSV holds Opacus' values rounded to 6 significant digits (at most 5e-6 relative).
TEST_P(RdpMatchesOpacus, EpsilonAndBestOrder) {
  const DpReferenceRow& row = GetParam();
  RdpAccountant accountant;
  accountant.step(row.sigma, row.q, row.steps);
  const EpsilonResult result = accountant.epsilon(row.delta);
  EXPECT_NEAR(result.epsilon, row.eps_rdp, 1e-5 * row.eps_rdp);
  ASSERT_TRUE(result.best_order.has_value());
  EXPECT_DOUBLE_EQ(*result.best_order, row.best_order);
}

INSTANTIATE_TEST_SUITE_P(DpReferencePublic, RdpMatchesOpacus,
                         ::testing::ValuesIn(testing::load_dp_reference()),
                         [](const auto& info) { return testing::dp_reference_label(info.param); });

TEST(DpReference, FileHasAllSixtyRows) { EXPECT_EQ(testing::load_dp_reference().size(), 60u); }

TEST(RdpAccountant, DefaultOrdersAreOpacusDefaultAlphas) {
  const std::vector<double> orders = opacus_default_orders();
  ASSERT_EQ(orders.size(), 151u);
  EXPECT_DOUBLE_EQ(orders.front(), 1.1);
  EXPECT_DOUBLE_EQ(orders[98], 10.9);
  EXPECT_DOUBLE_EQ(orders[99], 12);
  EXPECT_DOUBLE_EQ(orders.back(), 63);
}

// Per-step values from direct binomial sums and numerical quadrature (research note dp.md, 3.3).
TEST(RdpSampledGaussian, MatchesQuadratureAtIntegerAndFractionalOrders) {
  EXPECT_NEAR(rdp_sampled_gaussian(0.01, 1.1, 2), 1.28510082e-4, 1e-12);
  EXPECT_NEAR(rdp_sampled_gaussian(0.01, 1.1, 8), 5.84070336e-4, 1e-12);
  EXPECT_NEAR(rdp_sampled_gaussian(0.01, 1.1, 32), 8.46941643, 1e-7);
  EXPECT_NEAR(rdp_sampled_gaussian(0.01, 1.1, 9.3), 7.10427487e-4, 1e-12);
  // Fractional order with small noise, where dp_accounting's absolute-value series gives 2.866369e-3.
  EXPECT_NEAR(rdp_sampled_gaussian(0.01, 0.5, 1.5), 2.629891e-3, 1e-9);
}

TEST(RdpSampledGaussian, FullBatchIsTheGaussianMechanism) {
  for (double sigma : {0.5, 1.1, 4.0})
    for (double alpha : {1.1, 2.0, 7.5, 63.0}) {
      EXPECT_DOUBLE_EQ(rdp_sampled_gaussian(1.0, sigma, alpha), alpha / (2 * sigma * sigma));
      // The general series approaches the closed form as q -> 1 (its log q term vanishes).
      EXPECT_NEAR(rdp_sampled_gaussian(1 - 1e-12, sigma, alpha), alpha / (2 * sigma * sigma),
                  1e-9 * alpha / (2 * sigma * sigma));
    }
}

TEST(RdpSampledGaussian, IncreasesWithOrderAndSamplingRate) {
  double previous = 0;
  for (double alpha : opacus_default_orders()) {
    const double rdp = rdp_sampled_gaussian(0.01, 1.1, alpha);
    EXPECT_GT(rdp, previous) << "alpha " << alpha;
    previous = rdp;
  }
  EXPECT_LT(rdp_sampled_gaussian(0.001, 1.1, 5.5), rdp_sampled_gaussian(0.01, 1.1, 5.5));
}

TEST(RdpAccountant, HeterogeneousStepsComposeBySummation) {
  RdpAccountant accountant;
  accountant.step(1.1, 0.01, 300);
  accountant.step(0.8, 0.004, 700);
  accountant.step(1.1, 0.01, 200);
  const std::vector<double>& orders = accountant.orders();
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const double expected =
        500 * rdp_sampled_gaussian(0.01, 1.1, orders[i]) + 700 * rdp_sampled_gaussian(0.004, 0.8, orders[i]);
    EXPECT_NEAR(accountant.rdp()[i], expected, 1e-12 * expected) << "order " << orders[i];
  }
  const EpsilonResult direct = rdp_to_epsilon(orders, accountant.rdp(), 1e-5);
  EXPECT_DOUBLE_EQ(accountant.epsilon(1e-5).epsilon, direct.epsilon);
}

TEST(RdpAccountant, RepeatedSingleStepsEqualOneBatchedCall) {
  RdpAccountant one_by_one, batched;
  for (int i = 0; i < 1000; ++i) one_by_one.step(1.1, 256.0 / 60000, 1);
  batched.step(1.1, 256.0 / 60000, 1000);
  EXPECT_NEAR(one_by_one.epsilon(1e-5).epsilon, batched.epsilon(1e-5).epsilon, 1e-12);
}

TEST(RdpAccountant, EpsilonGrowsWithStepsAndShrinksWithNoise) {
  double previous = 0;
  for (std::int64_t steps : {1, 10, 100, 1000, 10000}) {
    RdpAccountant accountant;
    accountant.step(1.1, 0.01, steps);
    const double eps = accountant.epsilon(1e-5).epsilon;
    EXPECT_GT(eps, previous) << steps << " steps";
    previous = eps;
  }
  previous = INFINITY;
  for (double sigma : {0.5, 0.8, 1.1, 2.0, 4.0, 8.0}) {
    RdpAccountant accountant;
    accountant.step(sigma, 0.01, 1000);
    const double eps = accountant.epsilon(1e-5).epsilon;
    EXPECT_LT(eps, previous) << "sigma " << sigma;
    previous = eps;
  }
}

// Classic-conversion values from the research note's table (Opacus' curve, Mironov 2017 conversion).
TEST(RdpAccountant, ClassicConversionOnRequest) {
  RdpAccountant mnist;
  mnist.step(1.1, 256.0 / 60000, 14063);
  EXPECT_NEAR(mnist.epsilon(1e-5, RdpConversion::kClassic).epsilon, 3.00838, 1e-5 * 3.00838);
  EXPECT_NEAR(mnist.epsilon(1e-5).epsilon, 2.59666, 1e-5 * 2.59666);

  RdpAccountant classic(opacus_default_orders(), RdpConversion::kClassic);
  classic.step(4.0, 0.01, 10000);
  EXPECT_NEAR(classic.epsilon(1e-5).epsilon, 1.25857, 1e-5 * 1.25857);
}

TEST(RdpAccountant, NothingRecordedMeansZeroEpsilon) {
  RdpAccountant accountant;
  const EpsilonResult result = accountant.epsilon(1e-5);
  EXPECT_EQ(result.epsilon, 0);
  EXPECT_FALSE(result.best_order.has_value());
}

TEST(RdpAccountant, InvalidArgumentsThrowUsageError) {
  RdpAccountant accountant;
  EXPECT_THROW(accountant.step(0, 0.01, 1), UsageError);
  EXPECT_THROW(accountant.step(-1, 0.01, 1), UsageError);
  EXPECT_THROW(accountant.step(NAN, 0.01, 1), UsageError);
  EXPECT_THROW(accountant.step(INFINITY, 0.01, 1), UsageError);
  EXPECT_THROW(accountant.step(1, 0, 1), UsageError);
  EXPECT_THROW(accountant.step(1, 1.5, 1), UsageError);
  EXPECT_THROW(accountant.step(1, 0.01, 0), UsageError);
  EXPECT_THROW(accountant.epsilon(0), UsageError);
  EXPECT_THROW(accountant.epsilon(1), UsageError);
  EXPECT_THROW(accountant.epsilon(-1e-5), UsageError);
  EXPECT_THROW(RdpAccountant(std::vector<double>{}), UsageError);
  EXPECT_THROW(RdpAccountant(std::vector<double>{1.0, 2.0}), UsageError);
  EXPECT_THROW(rdp_sampled_gaussian(0.01, 1.1, 1.0), UsageError);
  EXPECT_THROW(rdp_to_epsilon({2.0, 3.0}, {0.1}, 1e-5), UsageError);
  try {
    accountant.step(1, 1.5, 1);
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("sample rate must be in (0, 1], got 1.5"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace fedsec::privacy
