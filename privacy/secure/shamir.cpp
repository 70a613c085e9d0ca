#include "privacy/secure/shamir.h"

#include <set>
#include <stdexcept>
#include <string>

namespace fedsec::secure {
namespace {

constexpr size_t kChunkBytes = 7;

uint64_t reduce(unsigned __int128 v) {
  // v = hi * 2^61 + lo, and 2^61 = 1 (mod p).
  uint64_t r = static_cast<uint64_t>(v & kShamirPrime) + static_cast<uint64_t>(v >> 61);
  r = (r & kShamirPrime) + (r >> 61);
  return r == kShamirPrime ? 0 : r;
}

uint64_t add(uint64_t a, uint64_t b) { return reduce(static_cast<unsigned __int128>(a) + b); }
uint64_t sub(uint64_t a, uint64_t b) { return add(a, kShamirPrime - b); }

size_t chunk_count(size_t secret_size) { return (secret_size + kChunkBytes - 1) / kChunkBytes; }

std::vector<uint64_t> to_chunks(const Bytes& secret) {
  std::vector<uint64_t> chunks(chunk_count(secret.size()), 0);
  for (size_t i = 0; i < secret.size(); ++i) {
    chunks[i / kChunkBytes] |= static_cast<uint64_t>(secret[i]) << (8 * (i % kChunkBytes));
  }
  return chunks;
}

}  // namespace

uint64_t field_mul(uint64_t a, uint64_t b) { return reduce(static_cast<unsigned __int128>(a) * b); }

uint64_t field_inverse(uint64_t a) {
  // Fermat: a^(p-2), square-and-multiply over the fixed public exponent.
  uint64_t result = 1;
  uint64_t base = a;
  for (uint64_t e = kShamirPrime - 2; e != 0; e >>= 1) {
    if (e & 1) result = field_mul(result, base);
    base = field_mul(base, base);
  }
  return result;
}

std::vector<ShamirShare> shamir_split(const Bytes& secret, int threshold, const std::vector<uint64_t>& xs,
                                      const Randomness& random, std::string_view purpose, int64_t round,
                                      int64_t dealer) {
  if (threshold < 1 || static_cast<size_t>(threshold) > xs.size()) {
    throw std::invalid_argument("Shamir threshold " + std::to_string(threshold) + " outside [1, " +
                                std::to_string(xs.size()) + "]");
  }
  if (std::set<uint64_t>(xs.begin(), xs.end()).size() != xs.size()) {
    throw std::invalid_argument("Shamir evaluation points repeat");
  }
  for (uint64_t x : xs) {
    if (x == 0 || x >= kShamirPrime) throw std::invalid_argument("Shamir evaluation point out of range");
  }
  const std::vector<uint64_t> chunks = to_chunks(secret);
  const size_t degree = static_cast<size_t>(threshold) - 1;
  // coefficients[c][k]: coefficient of x^(k+1) for chunk c, 61 random bits each (the value p,
  // one in 2^61, wraps to 0: a negligible bias).
  const Bytes bytes = random.bytes(purpose, round, dealer, chunks.size() * degree * 8);
  ByteReader reader(bytes);
  std::vector<std::vector<uint64_t>> coefficients(chunks.size(), std::vector<uint64_t>(degree));
  for (auto& row : coefficients) {
    for (auto& c : row) c = reduce(reader.u64() & kShamirPrime);
  }
  std::vector<ShamirShare> shares;
  shares.reserve(xs.size());
  for (uint64_t x : xs) {
    ShamirShare share;
    share.x = x;
    share.y.resize(chunks.size());
    for (size_t c = 0; c < chunks.size(); ++c) {
      uint64_t acc = 0;  // Horner, highest coefficient first
      for (size_t k = degree; k-- > 0;) acc = field_mul(add(acc, coefficients[c][k]), x);
      share.y[c] = add(acc, chunks[c]);
    }
    shares.push_back(std::move(share));
  }
  return shares;
}

std::vector<uint64_t> shamir_interpolate_at_zero(const std::vector<ShamirShare>& shares) {
  if (shares.empty()) return {};
  const size_t chunks = shares.front().y.size();
  std::vector<uint64_t> secret(chunks, 0);
  for (size_t i = 0; i < shares.size(); ++i) {
    // Lagrange basis at 0: prod_{j != i} x_j / (x_j - x_i).
    uint64_t num = 1;
    uint64_t den = 1;
    for (size_t j = 0; j < shares.size(); ++j) {
      if (j == i) continue;
      num = field_mul(num, shares[j].x);
      den = field_mul(den, sub(shares[j].x, shares[i].x));
    }
    const uint64_t basis = field_mul(num, field_inverse(den));
    for (size_t c = 0; c < chunks; ++c) secret[c] = add(secret[c], field_mul(basis, shares[i].y[c]));
  }
  return secret;
}

std::optional<Bytes> shamir_reconstruct(const std::vector<ShamirShare>& shares, int threshold,
                                        size_t secret_size) {
  if (threshold < 1 || shares.size() < static_cast<size_t>(threshold)) return std::nullopt;
  std::vector<ShamirShare> used(shares.begin(), shares.begin() + threshold);
  std::set<uint64_t> points;
  for (const auto& s : used) {
    if (s.x == 0 || s.x >= kShamirPrime || !points.insert(s.x).second) return std::nullopt;
    if (s.y.size() != chunk_count(secret_size)) return std::nullopt;
  }
  const std::vector<uint64_t> chunks = shamir_interpolate_at_zero(used);
  Bytes secret(secret_size);
  for (size_t c = 0; c < chunks.size(); ++c) {
    const size_t width = std::min(kChunkBytes, secret_size - c * kChunkBytes);
    if (chunks[c] >> (8 * width) != 0) return std::nullopt;
    for (size_t b = 0; b < width; ++b)
      secret[c * kChunkBytes + b] = static_cast<uint8_t>(chunks[c] >> (8 * b));
  }
  return secret;
}

}  // namespace fedsec::secure
