// Fixed-point encoding into Z_{2^32}: the decoded sum is within n / (2 scale) of the clipped sum.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "privacy/secure/fixed_point.h"

namespace fedsec::secure {
namespace {

TEST(FixedPoint, ScaleIsLargestPowerOfTwoThatCannotOverflow) {
  const FixedPointCodec codec(8.0, 1000);
  EXPECT_EQ(codec.scale(), std::ldexp(1.0, 18));  // 2^31 / 8000 = 268435.5 -> 2^18
  EXPECT_LE(codec.scale() * 8.0 * 1000, 2147483647.0);
  EXPECT_THROW(FixedPointCodec(0.0, 10), std::invalid_argument);
  EXPECT_THROW(FixedPointCodec(1.0, 0), std::invalid_argument);
  EXPECT_THROW(FixedPointCodec(1e10, 10), std::invalid_argument);
}

TEST(FixedPoint, SumOfEncodingsDecodesWithinBound) {
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<float> dist(-3.0f, 3.0f);  // beyond clip: exercises clipping
  for (int n : {1, 2, 10, 100}) {
    const FixedPointCodec codec(2.0, n);
    const size_t d = 1000;
    std::vector<uint32_t> sum(d, 0);
    std::vector<double> truth(d, 0.0);
    for (int u = 0; u < n; ++u) {
      std::vector<float> x(d);
      for (auto& v : x) v = dist(rng);
      const auto enc = codec.encode(x);
      for (size_t i = 0; i < d; ++i) {
        sum[i] += enc[i];
        truth[i] += codec.clipped(x[i]);
      }
    }
    const auto decoded = codec.decode_sum(sum);
    for (size_t i = 0; i < d; ++i) ASSERT_LE(std::abs(decoded[i] - truth[i]), codec.error_bound(n)) << n;
  }
}

TEST(FixedPoint, ExtremesDoNotWrap) {
  const int n = 16;
  const FixedPointCodec codec(1.0, n);
  std::vector<uint32_t> hi(1, 0), lo(1, 0);
  for (int u = 0; u < n; ++u) {
    hi[0] += codec.encode({1e30f})[0];
    lo[0] += codec.encode({-1e30f})[0];
  }
  EXPECT_NEAR(codec.decode_sum(hi)[0], n, codec.error_bound(n));
  EXPECT_NEAR(codec.decode_sum(lo)[0], -n, codec.error_bound(n));
  EXPECT_EQ(codec.encode({NAN})[0], 0u);
}

}  // namespace
}  // namespace fedsec::secure
