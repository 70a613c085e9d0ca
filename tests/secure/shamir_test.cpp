// Shamir sharing over GF(2^61 - 1): any t shares reconstruct, t-1 do not.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "fl/rng.h"
#include "privacy/secure/shamir.h"

namespace fedsec::secure {
namespace {

std::vector<uint64_t> points(int n) {
  std::vector<uint64_t> xs(n);
  std::iota(xs.begin(), xs.end(), 1);
  return xs;
}

TEST(Shamir, FieldInverseIsInverse) {
  for (uint64_t a : {uint64_t{1}, uint64_t{2}, uint64_t{12345}, kShamirPrime - 1, uint64_t{1} << 60}) {
    EXPECT_EQ(field_mul(a, field_inverse(a)), 1u) << a;
  }
}

TEST(Shamir, AnyThresholdSubsetReconstructs) {
  const Randomness random = Randomness::seeded(3);
  const Bytes secret = random.bytes("secret", 0, 0, 32);
  for (int n : {1, 3, 7, 12}) {
    for (int t : {1, (n + 1) / 2, n}) {
      const auto shares = shamir_split(secret, t, points(n), random, "test", n, t);
      fl::Rng rng(static_cast<uint64_t>(n * 100 + t));
      for (int trial = 0; trial < 20; ++trial) {
        auto subset = shares;
        std::shuffle(subset.begin(), subset.end(), rng);
        subset.resize(t);
        auto back = shamir_reconstruct(subset, t, secret.size());
        ASSERT_TRUE(back.has_value()) << "n=" << n << " t=" << t;
        EXPECT_EQ(*back, secret);
      }
    }
  }
}

TEST(Shamir, FewerThanThresholdSharesFailOrGiveGarbage) {
  const Randomness random = Randomness::seeded(4);
  const Bytes secret = random.bytes("secret", 0, 0, 32);
  const int n = 9, t = 5;
  const auto shares = shamir_split(secret, t, points(n), random, "test", 0, 0);
  const std::vector<ShamirShare> few(shares.begin(), shares.begin() + t - 1);
  EXPECT_FALSE(shamir_reconstruct(few, t, secret.size()).has_value());
  EXPECT_FALSE(shamir_reconstruct(few, t - 1, secret.size()).has_value());
  // Interpolating t-1 shares anyway gives field elements unrelated to the secret's chunks.
  const auto wrong = shamir_interpolate_at_zero(few);
  const auto right = shamir_interpolate_at_zero(std::vector<ShamirShare>(shares.begin(), shares.begin() + t));
  ASSERT_EQ(wrong.size(), right.size());
  for (size_t c = 0; c < wrong.size(); ++c) EXPECT_NE(wrong[c], right[c]);
}

TEST(Shamir, ThresholdMinusOneSharesLookUniform) {
  // t = 2: a single share of the all-zero secret is a uniform field element. Over 2,000 dealers,
  // the top bit (2^60) of the share's first chunk is set about half the time: 1,000 +- 4.5 sigma.
  const Randomness random = Randomness::seeded(5);
  const Bytes zero(32, 0);
  int high = 0;
  for (int dealer = 0; dealer < 2000; ++dealer) {
    const auto shares = shamir_split(zero, 2, points(3), random, "test", 0, dealer);
    high += static_cast<int>(shares[0].y[0] >> 60);
  }
  EXPECT_GT(high, 900);
  EXPECT_LT(high, 1100);
}

TEST(Shamir, RejectsBadArguments) {
  const Randomness random = Randomness::seeded(6);
  const Bytes secret(32, 7);
  EXPECT_THROW(shamir_split(secret, 0, points(3), random, "test", 0, 0), std::invalid_argument);
  EXPECT_THROW(shamir_split(secret, 4, points(3), random, "test", 0, 0), std::invalid_argument);
  EXPECT_THROW(shamir_split(secret, 2, {1, 1, 2}, random, "test", 0, 0), std::invalid_argument);
  EXPECT_THROW(shamir_split(secret, 2, {0, 1, 2}, random, "test", 0, 0), std::invalid_argument);
  auto shares = shamir_split(secret, 2, points(3), random, "test", 0, 0);
  shares[1].x = shares[0].x;
  EXPECT_FALSE(shamir_reconstruct(shares, 2, secret.size()).has_value());
}

TEST(Shamir, CorruptShareIsDetectedMostOfTheTime) {
  const Randomness random = Randomness::seeded(8);
  const Bytes secret = random.bytes("secret", 0, 0, 32);
  auto shares = shamir_split(secret, 3, points(5), random, "test", 0, 0);
  shares[0].y[0] ^= 1;
  auto back = shamir_reconstruct(shares, 3, secret.size());
  EXPECT_TRUE(!back.has_value() || *back != secret);
}

}  // namespace
}  // namespace fedsec::secure
