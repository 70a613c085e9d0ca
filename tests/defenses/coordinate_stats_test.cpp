// The sorting-network kernel behind the coordinate-wise rules, against torch's sort.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "defenses/coordinate_stats.h"
#include "defenses/coordinate_stats_tensor.h"

namespace fedsec::defenses {
namespace {

TEST(CoordinateStats, SortingNetworkSortsEveryInputUpTo40Values) {
  for (int k = 1; k <= 40; ++k) {
    const auto network = sorting_network(k);
    for (int trial = 0; trial < 20; ++trial) {
      auto v = torch::randn({k});
      std::vector<float> values(v.data_ptr<float>(), v.data_ptr<float>() + k);
      for (auto [a, b] : network)
        if (values[b] < values[a]) std::swap(values[a], values[b]);
      EXPECT_TRUE(std::is_sorted(values.begin(), values.end())) << k;
    }
  }
}

TEST(CoordinateStats, MatchTorchSortAcrossBlockBoundaries) {
  for (int64_t k : {1, 2, 5, 15, 16, 17, 33}) {
    const int64_t d = 300;  // more than two blocks of 128, the last one partial
    const auto x = torch::randn({k, d});
    const auto sorted = std::get<0>(x.sort(0));
    const auto median = (sorted[(k - 1) / 2] + sorted[k / 2]) / 2;
    EXPECT_TRUE(torch::allclose(coordinate_stat(x, CoordinateStat::Median, 0), median)) << k;
    const int64_t b = (k - 1) / 2;
    EXPECT_TRUE(torch::allclose(coordinate_stat(x, CoordinateStat::TrimmedMean, b),
                                sorted.narrow(0, b, k - 2 * b).mean(0), 1e-5, 1e-6))
        << k;
    // Mean of the k - f values closest to the median, by an independent route.
    const int64_t f = k / 3;
    const auto closest = std::get<1>((x - median).abs().topk(k - f, 0, /*largest=*/false));
    EXPECT_TRUE(torch::allclose(coordinate_stat(x, CoordinateStat::MeanAroundMedian, f),
                                x.gather(0, closest).mean(0), 1e-5, 1e-6))
        << k;
  }
}

TEST(CoordinateStats, ColumnsHoldingInfOrNaNComeOutNaN) {
  for (int64_t k : {5, 15, 40}) {  // in registers, and by the runs-then-merge path
    auto x = torch::randn({k, 300});
    x[k - 1][5] = std::numeric_limits<float>::infinity();
    x[0][200] = std::numeric_limits<float>::quiet_NaN();
    x[k / 2][290] = -std::numeric_limits<float>::infinity();  // in the partial last block
    for (auto stat :
         {CoordinateStat::Median, CoordinateStat::TrimmedMean, CoordinateStat::MeanAroundMedian}) {
      const auto out = coordinate_stat(x, stat, 1);
      for (int64_t c : {5, 200, 290}) EXPECT_TRUE(std::isnan(out[c].item<float>())) << k << " " << c;
      EXPECT_EQ(torch::isfinite(out).sum().item<int64_t>(), 297) << k;
    }
  }
}

TEST(CoordinateStats, TheRunTimeChoiceOfInstructionsGivesTheBaselinesBits) {
  // On an AVX2 or AVX-512 machine this compares that build of the kernels with the SSE2 one.
  auto g = at::detail::createCPUGenerator(9);
  for (int64_t k : {3, 9, 16, 17, 40, 100}) {
    const int64_t d = 1000 + k;  // a partial last block
    auto x = at::randn({k, d}, g);
    x[k / 2][7] = std::numeric_limits<float>::infinity();
    x[0][d - 1] = std::numeric_limits<float>::quiet_NaN();
    std::vector<const float*> rows;
    for (int64_t i = 0; i < k; ++i) rows.push_back(x.data_ptr<float>() + i * d);
    for (auto stat :
         {CoordinateStat::Median, CoordinateStat::TrimmedMean, CoordinateStat::MeanAroundMedian}) {
      const int64_t param = (k - 1) / 3;
      std::vector<float> chosen(static_cast<size_t>(d)), baseline(static_cast<size_t>(d));
      coordinate_stat(rows, d, stat, param, chosen.data());
      coordinate_stat_baseline(rows, d, stat, param, baseline.data());
      EXPECT_EQ(std::memcmp(chosen.data(), baseline.data(), chosen.size() * sizeof(float)), 0) << k;
    }
  }
}

TEST(WeightedSum, AddsTheWeightedRowsInRowOrder) {
  // A float reference that adds row by row in order, product then sum, as promised: bit-equal.
  auto g = at::detail::createCPUGenerator(4);
  for (int64_t k : {1, 2, 7, 8, 9, 15, 100}) {
    const int64_t d = 300 + k;  // a partial last group of columns
    const auto x = at::randn({k, d}, g);
    const auto w = at::rand({k}, g);
    std::vector<const float*> rows;
    for (int64_t i = 0; i < k; ++i) rows.push_back(x.data_ptr<float>() + i * d);
    std::vector<float> out(static_cast<size_t>(d)), baseline(static_cast<size_t>(d));
    weighted_sum(rows, w.data_ptr<float>(), d, out.data());
    weighted_sum_baseline(rows, w.data_ptr<float>(), d, baseline.data());
    EXPECT_EQ(std::memcmp(out.data(), baseline.data(), out.size() * sizeof(float)), 0) << k;
    const float* wp = w.data_ptr<float>();
    for (int64_t c = 0; c < d; ++c) {
      volatile float expected = wp[0] * rows[0][c];  // volatile: no fused multiply-add here either
      for (int64_t i = 1; i < k; ++i) {
        volatile float product = wp[i] * rows[static_cast<size_t>(i)][c];
        expected = expected + product;
      }
      ASSERT_EQ(out[static_cast<size_t>(c)], expected) << k << " " << c;
    }
    // And the value itself, against double precision.
    const auto exact = at::mv(x.to(at::kDouble).t(), w.to(at::kDouble));
    EXPECT_TRUE(at::allclose(at::from_blob(out.data(), {d}).to(at::kDouble), exact, 1e-5, 1e-5)) << k;
  }
}

TEST(WeightedSum, CarriesNaNAndInfIntoTheirCoordinates) {
  auto x = at::ones({10, 200});
  x[3][17] = std::numeric_limits<float>::quiet_NaN();
  x[9][199] = std::numeric_limits<float>::infinity();
  std::vector<const float*> rows;
  for (int64_t i = 0; i < 10; ++i) rows.push_back(x.data_ptr<float>() + i * 200);
  const std::vector<float> w(10, 0.1f);
  std::vector<float> out(200);
  weighted_sum(rows, w.data(), 200, out.data());
  EXPECT_TRUE(std::isnan(out[17]));
  EXPECT_TRUE(std::isinf(out[199]));
  EXPECT_EQ(std::count_if(out.begin(), out.end(), [](float v) { return std::isfinite(v); }), 198);
}

}  // namespace
}  // namespace fedsec::defenses
