#include "privacy/secure/mask_prg.h"

#include <algorithm>

#include "privacy/secure/openssl_util.h"

namespace fedsec::secure {
namespace {

// Encrypts zeros in chunks, so a long mask needs no second buffer of its size.
void ctr_keystream(const Seed& seed, uint8_t* out, size_t n) {
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  check_openssl(ctx != nullptr, "EVP_CIPHER_CTX_new");
  const uint8_t iv[16] = {};
  check_openssl(EVP_EncryptInit_ex2(ctx.get(), cached_cipher("AES-256-CTR"), seed.data(), iv, nullptr) == 1,
                "EVP_EncryptInit_ex2(AES-256-CTR)");
  std::fill(out, out + n, uint8_t{0});
  constexpr size_t kChunk = 1 << 20;
  for (size_t done = 0; done < n; done += kChunk) {
    const int len = static_cast<int>(std::min(kChunk, n - done));
    int written = 0;
    check_openssl(EVP_EncryptUpdate(ctx.get(), out + done, &written, out + done, len) == 1,
                  "EVP_EncryptUpdate(AES-256-CTR)");
  }
}

}  // namespace

void expand_mask(const Seed& seed, std::vector<uint32_t>& out) {
  std::vector<uint8_t> bytes = keystream(seed, out.size() * 4);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<uint32_t>(bytes[4 * i]) | static_cast<uint32_t>(bytes[4 * i + 1]) << 8 |
             static_cast<uint32_t>(bytes[4 * i + 2]) << 16 | static_cast<uint32_t>(bytes[4 * i + 3]) << 24;
  }
}

void apply_mask(const Seed& seed, int sign, std::vector<uint32_t>& acc) {
  std::vector<uint32_t> mask(acc.size());
  expand_mask(seed, mask);
  if (sign >= 0) {
    for (size_t i = 0; i < acc.size(); ++i) acc[i] += mask[i];
  } else {
    for (size_t i = 0; i < acc.size(); ++i) acc[i] -= mask[i];
  }
}

std::vector<uint8_t> keystream(const Seed& seed, size_t n) {
  std::vector<uint8_t> out(n);
  ctr_keystream(seed, out.data(), n);
  return out;
}

}  // namespace fedsec::secure
