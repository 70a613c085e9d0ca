#include "privacy/normal_sampler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace fedsec::privacy {
namespace {

// The stream as privacy/normal_sampler.h defines it, computed lane by lane in double precision
// with the standard library's log, cos and sin.
std::vector<double> reference_stream(uint64_t seed, int64_t n) {
  auto splitmix64 = [](uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  auto rotl = [](uint32_t x, int k) { return (x << k) | (x >> (32 - k)); };
  uint32_t state[16][4];
  for (auto& s : state) {
    const uint64_t a = splitmix64(seed), b = splitmix64(seed);
    s[0] = static_cast<uint32_t>(a), s[1] = static_cast<uint32_t>(a >> 32);
    s[2] = static_cast<uint32_t>(b), s[3] = static_cast<uint32_t>(b >> 32);
  }
  auto next = [&](uint32_t* s) {  // xoshiro128++
    const uint32_t result = rotl(s[0] + s[3], 7) + s[0], t = s[1] << 9;
    s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rotl(s[3], 11);
    return result;
  };
  const double two_pi = 2 * std::acos(-1.0), unit = std::ldexp(1.0, -24);
  std::vector<double> out(static_cast<size_t>((n + 31) / 32 * 32));
  for (size_t block = 0; block < out.size() / 32; ++block)
    for (int j = 0; j < 16; ++j) {
      const uint32_t x = next(state[j]), y = next(state[j]);
      const double u1 = ((x >> 8) + 1.0) * unit, u2 = (y >> 8) * unit;
      const double radius = std::sqrt(-2 * std::log(u1));
      out[32 * block + j] = radius * std::cos(two_pi * u2);
      out[32 * block + 16 + j] = radius * std::sin(two_pi * u2);
    }
  out.resize(static_cast<size_t>(n));
  return out;
}

std::vector<float> draws(uint64_t seed, int64_t n) {
  std::vector<float> v(static_cast<size_t>(n), 0.0f);
  add_scaled_normals(v.data(), n, 1.0f, seed);
  return v;
}

TEST(NormalSampler, MatchesAnIndependentDoublePrecisionReference) {
  const int64_t n = 100003;  // not a multiple of the 32-value block
  const auto v = draws(42, n);
  const auto expected = reference_stream(42, n);
  double worst = 0;
  for (int64_t i = 0; i < n; ++i) worst = std::max(worst, std::abs(v[i] - expected[i]));
  // float32 log/sin/cos polynomials and rounding: a few float ulps at magnitudes up to 5.8.
  EXPECT_LT(worst, 2e-6);
}

TEST(NormalSampler, EveryBuildTheProcessorRunsGivesTheBaselinesBits) {
  if (!sampler_build_supported(SamplerBuild::Avx2) && !sampler_build_supported(SamplerBuild::Avx512))
    GTEST_SKIP() << "this processor has only the baseline build";
  // Lengths around the 32-value block, and a long one.
  for (const int64_t n : {1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100005}) {
    std::vector<float> baseline(n, 0.5f);
    add_scaled_normals_with(SamplerBuild::Baseline, baseline.data(), n, 2.0f, 21);
    for (const auto build : {SamplerBuild::Avx2, SamplerBuild::Avx512}) {
      if (!sampler_build_supported(build)) continue;
      std::vector<float> other(n, 0.5f);
      add_scaled_normals_with(build, other.data(), n, 2.0f, 21);
      EXPECT_EQ(std::memcmp(other.data(), baseline.data(), n * sizeof(float)), 0)
          << "build " << static_cast<int>(build) << ", n " << n;
    }
    std::vector<float> chosen(n, 0.5f);
    add_scaled_normals(chosen.data(), n, 2.0f, 21);
    EXPECT_EQ(std::memcmp(chosen.data(), baseline.data(), n * sizeof(float)), 0) << "n " << n;
  }
}

TEST(NormalSampler, ABuildTheProcessorLacksIsRefused) {
  float x = 0;
  for (const auto build : {SamplerBuild::Avx2, SamplerBuild::Avx512}) {
    if (sampler_build_supported(build)) continue;
    EXPECT_THROW(add_scaled_normals_with(build, &x, 1, 1.0f, 1), std::invalid_argument);
  }
  EXPECT_FALSE(sampler_build_supported(static_cast<SamplerBuild>(99)));
  EXPECT_THROW(add_scaled_normals_with(static_cast<SamplerBuild>(99), &x, 1, 1.0f, 1), std::invalid_argument);
}

// Pins the stream bit for bit. Every seeded DP result depends on it, so a change must be deliberate:
// then update this value, the stream's definition in privacy/normal_sampler.h and the figures that
// change with it. (Computed by this implementation; the reference test above bounds its values.)
TEST(NormalSampler, TheStreamIsPinnedBitForBit) {
  const int64_t n = 1000000;
  const auto v = draws(42, n);
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a over the values' bits
  for (float x : v) {
    uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    for (int k = 0; k < 4; ++k) hash = (hash ^ ((bits >> (8 * k)) & 0xff)) * 0x100000001b3ULL;
  }
  EXPECT_EQ(hash, 0x3930d772e16ebca1ULL);
}

TEST(NormalSampler, AValueDependsOnlyOnTheSeedAndItsIndex) {
  const auto short_run = draws(7, 37), long_run = draws(7, 1000);
  EXPECT_TRUE(std::equal(short_run.begin(), short_run.end(), long_run.begin()));
  const auto other_seed = draws(8, 37);
  EXPECT_FALSE(std::equal(short_run.begin(), short_run.end(), other_seed.begin()));
}

TEST(NormalSampler, AddsStddevTimesTheDrawToTheData) {
  const auto z = draws(3, 50);
  std::vector<float> data(50, 5.0f);
  add_scaled_normals(data.data(), 50, 3.0f, 3);
  for (size_t i = 0; i < data.size(); ++i) EXPECT_EQ(data[i], 5.0f + 3.0f * z[i]) << i;
}

TEST(NormalSampler, FollowsTheStandardNormalDistribution) {
  const int64_t n = 1 << 20;
  auto v = draws(11, n);
  std::sort(v.begin(), v.end());
  // Kolmogorov-Smirnov distance to the normal CDF, against the 1 % critical value 1.63 / sqrt(n).
  double distance = 0;
  for (int64_t i = 0; i < n; ++i) {
    const double cdf = 0.5 * std::erfc(-v[i] / std::sqrt(2.0));
    distance = std::max({distance, std::abs(cdf - static_cast<double>(i) / n),
                         std::abs(cdf - static_cast<double>(i + 1) / n)});
  }
  EXPECT_LT(distance, 1.63 / std::sqrt(static_cast<double>(n)));
  // 24-bit uniforms bound every draw by sqrt(48 ln 2) = 5.77.
  EXPECT_LE(std::max(-v.front(), v.back()), 5.7686f);
  // The cosine (index i) and sine (index i + 16) of one Box-Muller pair are uncorrelated.
  const auto u = draws(12, n);
  double pair_product = 0;
  for (int64_t block = 0; block < n / 32; ++block)
    for (int j = 0; j < 16; ++j) pair_product += u[32 * block + j] * u[32 * block + 16 + j];
  EXPECT_NEAR(pair_product / (n / 2), 0.0, 0.01);
}

}  // namespace
}  // namespace fedsec::privacy
