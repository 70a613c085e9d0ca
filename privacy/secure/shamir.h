#pragma once
// Shamir t-of-n secret sharing (Shamir, "How to share a secret", CACM 1979) over the prime
// field GF(p), p = 2^61 - 1 (a Mersenne prime: reduction is a shift and an add on 128-bit
// products). A secret byte string is cut into 7-byte chunks (56 bits < p), and each chunk is
// shared with its own random polynomial of degree t-1; a share holds one field element per chunk.
// Reconstruction from t shares by Lagrange interpolation at 0. Any t-1 shares are independent of
// the secret. OpenSSL has no secret sharing, so this is the one primitive written here; its
// arithmetic has no secret-dependent branches.

#include <cstdint>
#include <optional>
#include <vector>

#include "privacy/secure/bytes.h"
#include "privacy/secure/randomness.h"

namespace fedsec::secure {

constexpr uint64_t kShamirPrime = (uint64_t{1} << 61) - 1;

struct ShamirShare {
  uint64_t x = 0;           // evaluation point, nonzero and < p
  std::vector<uint64_t> y;  // one field element per 7-byte chunk of the secret
};

// Shares of `secret` at the points `xs` (distinct, nonzero, < p) with threshold t (1 <= t <=
// xs.size()). Polynomial coefficients come from `random` under (purpose, round, dealer): give
// each secret its own purpose, or two secrets would share their polynomials.
std::vector<ShamirShare> shamir_split(const Bytes& secret, int threshold, const std::vector<uint64_t>& xs,
                                      const Randomness& random, std::string_view purpose, int64_t round,
                                      int64_t dealer);

// The secret of `secret_size` bytes from the first `threshold` shares, or nullopt when fewer
// than `threshold` shares are given, points repeat or are zero, share lengths differ, or the
// interpolated chunks are not valid 56-bit values (what too few or corrupt shares give with
// probability 1 - 2^-5 per chunk).
std::optional<Bytes> shamir_reconstruct(const std::vector<ShamirShare>& shares, int threshold,
                                        size_t secret_size);

// The polynomial through all given shares evaluated at 0, one element per chunk (Lagrange).
// Exposed for tests: with fewer than t shares it is unrelated to the secret.
std::vector<uint64_t> shamir_interpolate_at_zero(const std::vector<ShamirShare>& shares);

// Field arithmetic mod p, exposed for tests.
uint64_t field_mul(uint64_t a, uint64_t b);
uint64_t field_inverse(uint64_t a);

}  // namespace fedsec::secure
