// Hand-computed cases for each rule, and the requirement each one states.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aggregator_support.h"
#include "fl/errors.h"

namespace fedsec::testing {
namespace {

// Column of values as an n x 2 matrix whose second coordinate is the negated first, so that each
// case also checks that coordinates are treated independently.
torch::Tensor column(std::vector<float> values) {
  auto x = torch::tensor(values, torch::kFloat32).unsqueeze(1);
  return torch::cat({x, -x}, 1);
}

void expect_result(const torch::Tensor& result, double expected, double tolerance = 1e-6) {
  ASSERT_EQ(result.numel(), 2);
  EXPECT_NEAR(result[0].item<double>(), expected, tolerance);
  EXPECT_NEAR(result[1].item<double>(), -expected, tolerance);
}

TEST(Rules, MeanIsWeightedBySampleCount) {
  auto a = make_aggregator("mean", 0);
  auto w = torch::tensor({1.0, 3.0}, torch::kFloat64);
  expect_result(a->aggregate(column({2, 6}), w), (2 * 1 + 6 * 3) / 4.0);
}

TEST(Rules, MedianOfOddAndEvenCounts) {
  expect_result(aggregate("median", column({1, 5, 3, 2, 4}), 2), 3);
  expect_result(aggregate("median", column({1, 2, 3, 10}), 1), 2.5);  // midpoint, not the lower one
}

TEST(Rules, TrimmedMeanDropsBFromEachEnd) {
  expect_result(aggregate("trimmed_mean", column({1, 2, 3, 4, 100}), 1), 3);          // b = f
  expect_result(aggregate("trimmed_mean", column({1, 2, 4, 8, 100, -50}), 1), 3.75);  // (1+2+4+8)/4
  // beta = 0.4 of n = 5: b = 2 >= f = 1, leaving the median.
  expect_result(
      aggregate("trimmed_mean", column({1, 2, 7, 40, 100}), 1, {{"aggregator.trimmed_mean.beta", "0.4"}}), 7);
}

TEST(Rules, MeaMedAveragesTheValuesClosestToTheMedian) {
  // Median 2; distances 2, 1, 0, 1, 8: the four closest are 0, 1, 2, 3.
  expect_result(aggregate("meamed", column({0, 1, 2, 3, 10}), 1), 1.5);
  // Median 5; f = 2 keeps 4, 5, 7 (distances 1, 0, 2), not -9 or 30.
  expect_result(aggregate("meamed", column({-9, 4, 5, 7, 30}), 2), 16.0 / 3);
}

TEST(Rules, KrumPicksTheLowestSumOfSquaredDistancesToNMinusFMinus2Neighbours) {
  // n = 5, f = 1: two neighbours each. Scores: 0 -> 1+4 = 5, 1 -> 1+1 = 2, 2 -> 1+4 = 5,
  // 10 -> 1+64 = 65, 11 -> 1+81 = 82.
  const auto x = column({0, 1, 2, 10, 11});
  expect_result(aggregate("krum", x, 1), 1);
  // Multi-Krum averages the m = n - f = 4 best: 1, 0, 2, 10.
  expect_result(aggregate("multi_krum", x, 1), 13.0 / 4);
  expect_result(aggregate("multi_krum", x, 1, {{"aggregator.multi_krum.m", "3"}}), 1);
}

TEST(Rules, BulyanSelectsByRepeatedKrumThenAveragesAroundTheMedian) {
  // n = 7, f = 1: Krum picks 2, 1, 3, 0, 4 in turn (never 100 or 200); theta = 5 selected, of
  // which the beta = 3 closest to their median 2 are 1, 2, 3.
  expect_result(aggregate("bulyan", column({0, 1, 2, 3, 4, 100, 200}), 1), 2);
}

TEST(Rules, GeometricMedianConvergesAndFollowsWeiszfeld) {
  // In one dimension the geometric median of an odd count is the median.
  expect_result(aggregate("geometric_median", column({0, 1, 2, 3, 100}), 2), 2, 1e-3);
  // One smoothed Weiszfeld step from the mean, by hand.
  const std::vector<double> v{0, 1, 2, 3, 100};
  const double mean = 106.0 / 5;
  double num = 0, den = 0;
  for (double x : v) {
    num += x / std::abs(x - mean);
    den += 1 / std::abs(x - mean);
  }
  expect_result(aggregate("geometric_median", column({0, 1, 2, 3, 100}), 2,
                          {{"aggregator.geometric_median.iterations", "1"}}),
                num / den, 1e-4);
}

TEST(Rules, CenteredClippingClipsAroundThePreviousOutput) {
  auto a = make_aggregator("centered_clipping", 1, {{"aggregator.centered_clipping.tau", "1"}});
  const std::vector<double> values{0.5, 2, -4};
  const auto x = column({0.5, 2, -4});
  const auto w = torch::ones({3}, torch::kFloat64);
  // v <- v + (1/n) sum (x_i - v) min(1, tau / ||x_i - v||); a row (x, -x) has norm |x| sqrt 2.
  auto step = [&](double v) {
    double sum = 0;
    for (double xi : values) sum += (xi - v) * std::min(1.0, 1.0 / (std::abs(xi - v) * std::sqrt(2.0)));
    return v + sum / 3;
  };
  const double v1 = step(0.0);  // the first round starts from 0
  expect_result(a->aggregate(x, w), v1);
  expect_result(a->aggregate(x, w), step(v1));  // the next from the previous output
}

TEST(Rules, NnmMixesEachUpdateWithItsNearestNeighboursBeforeTheRule) {
  // n = 3, f = 1: each update becomes the mean of its 2 nearest (itself included):
  // 0 -> 0.5, 1 -> 0.5, 10 -> 5.5; their median is 0.5.
  expect_result(aggregate("median", column({0, 1, 10}), 1, {{"server.pre_aggregation", "nnm"}}), 0.5);
  expect_result(aggregate("mean", column({0, 1, 10}), 1, {{"server.pre_aggregation", "nnm"}}), 6.5 / 3);
}

TEST(Rules, FlagAggregatorOfEqualUpdatesIsTheirScaledDirection) {
  // All x_i = x: the subspace is span(x), output (1/m) sum u_i = (n/m) x/||x||.
  const auto x = torch::tensor({3.0f, 4.0f}).repeat({5, 1});
  const auto out = aggregate("flag", x, 0, {{"aggregator.flag.m", "2"}});
  EXPECT_TRUE(torch::allclose(out, torch::tensor({0.6f, 0.8f}) * 2.5f, 1e-5, 1e-6));
}

TEST(Rules, FlagAggregatorWithMAtLeastTheRankIsTheMeanDirection) {
  // Four updates in a 2-d subspace and m = 2: the projection keeps every u_i.
  auto x = torch::tensor({{1.0f, 0.0f, 0.0f}, {0.0f, 2.0f, 0.0f}, {3.0f, 3.0f, 0.0f}, {-1.0f, 2.0f, 0.0f}});
  const auto units = x / x.norm(2, 1, true);
  const auto out = aggregate("flag", x, 0, {{"aggregator.flag.m", "2"}, {"aggregator.flag.lambda", "3"}});
  EXPECT_TRUE(torch::allclose(out, units.sum(0) / 2, 1e-5, 1e-6));
}

struct Requirement {
  std::string rule;
  int64_t n, f;
  std::string text;
};

TEST(Rules, EachRuleRefusesTooFewUpdatesForF) {
  const std::vector<Requirement> cases{{"median", 4, 2, "n >= 2f+1"},
                                       {"trimmed_mean", 6, 3, "n >= 2f+1"},
                                       {"meamed", 2, 1, "n >= 2f+1"},
                                       {"krum", 6, 2, "n >= 2f+3"},
                                       {"multi_krum", 8, 3, "n >= 2f+3"},
                                       {"geometric_median", 6, 3, "n >= 2f+1"},
                                       {"bulyan", 10, 2, "n >= 4f+3"},
                                       {"centered_clipping", 4, 2, "n >= 2f+1"},
                                       {"flag", 1, 0, "n > m"}};
  for (const auto& c : cases) {
    auto a = make_aggregator(c.rule, c.f);
    try {
      a->aggregate(torch::randn({c.n, 3}), torch::ones({c.n}, torch::kFloat64));
      ADD_FAILURE() << c.rule << " accepted n = " << c.n << ", f = " << c.f;
    } catch (const UsageError& e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr(c.rule + " needs " + c.text));
      EXPECT_THAT(e.what(),
                  ::testing::HasSubstr("n = " + std::to_string(c.n) + ", f = " + std::to_string(c.f)));
    }
    EXPECT_NO_THROW(a->check_clients(c.n + 1));  // one more update is enough
  }
  EXPECT_THROW(
      make_aggregator("trimmed_mean", 2, {{"aggregator.trimmed_mean.beta", "0.2"}})->check_clients(9),
      UsageError);  // b = floor(0.2 * 9) = 1 < f
  EXPECT_THROW(make_aggregator("multi_krum", 1, {{"aggregator.multi_krum.m", "5"}})->check_clients(5),
               UsageError);  // m > n - f
  EXPECT_THROW(make_aggregator("mean", 1, {{"server.pre_aggregation", "nnm"}})->check_clients(2), UsageError);
}

}  // namespace
}  // namespace fedsec::testing
