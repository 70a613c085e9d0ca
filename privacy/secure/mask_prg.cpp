#include "privacy/secure/mask_prg.h"

#include <algorithm>

#include "privacy/secure/openssl_util.h"

namespace fedsec::secure {
namespace {

CipherCtxPtr ctr_context(const Seed& seed) {
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  check_openssl(ctx != nullptr, "EVP_CIPHER_CTX_new");
  const uint8_t iv[16] = {};
  check_openssl(EVP_EncryptInit_ex2(ctx.get(), cached_cipher("AES-256-CTR"), seed.data(), iv, nullptr) == 1,
                "EVP_EncryptInit_ex2(AES-256-CTR)");
  return ctx;
}

// The next n keystream bytes: encrypts zeros in place.
void next_keystream(EVP_CIPHER_CTX* ctx, uint8_t* out, size_t n) {
  std::fill(out, out + n, uint8_t{0});
  int written = 0;
  check_openssl(EVP_EncryptUpdate(ctx, out, &written, out, static_cast<int>(n)) == 1,
                "EVP_EncryptUpdate(AES-256-CTR)");
}

// Calls f(i, w) for the first `words` keystream words w under `seed` (little-endian uint32),
// through a small buffer: a mask as long as the model never exists as a second vector.
template <typename F>
void for_each_word(const Seed& seed, size_t words, F f) {
  constexpr size_t kChunkWords = 4096;  // 16 KiB, stays in cache
  uint8_t chunk[4 * kChunkWords];
  CipherCtxPtr ctx = ctr_context(seed);
  for (size_t done = 0; done < words; done += kChunkWords) {
    const size_t n = std::min(kChunkWords, words - done);
    next_keystream(ctx.get(), chunk, 4 * n);
    for (size_t i = 0; i < n; ++i) {
      const uint8_t* b = chunk + 4 * i;
      f(done + i, static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 |
                      static_cast<uint32_t>(b[2]) << 16 | static_cast<uint32_t>(b[3]) << 24);
    }
  }
}

}  // namespace

void expand_mask(const Seed& seed, std::vector<uint32_t>& out) {
  for_each_word(seed, out.size(), [&](size_t i, uint32_t w) { out[i] = w; });
}

void apply_mask(const Seed& seed, int sign, std::vector<uint32_t>& acc) {
  if (sign >= 0) {
    for_each_word(seed, acc.size(), [&](size_t i, uint32_t w) { acc[i] += w; });
  } else {
    for_each_word(seed, acc.size(), [&](size_t i, uint32_t w) { acc[i] -= w; });
  }
}

std::vector<uint8_t> keystream(const Seed& seed, size_t n) {
  std::vector<uint8_t> out(n);
  CipherCtxPtr ctx = ctr_context(seed);
  constexpr size_t kChunk = 1 << 20;  // EVP takes int lengths
  for (size_t done = 0; done < n; done += kChunk)
    next_keystream(ctx.get(), out.data() + done, std::min(kChunk, n - done));
  return out;
}

}  // namespace fedsec::secure
