#include "privacy/secure/aead.h"

#include <climits>

#include "privacy/secure/openssl_util.h"

namespace fedsec::secure {
namespace {

CipherCtxPtr gcm_context(const AeadKey& key, const AeadNonce& nonce, bool encrypt) {
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  check_openssl(ctx != nullptr, "EVP_CIPHER_CTX_new");
  check_openssl(EVP_CipherInit_ex2(ctx.get(), cached_cipher("AES-256-GCM"), key.data(), nonce.data(),
                                   encrypt ? 1 : 0, nullptr) == 1,
                "EVP_CipherInit_ex2(AES-256-GCM)");
  return ctx;
}

void check_size(size_t n) {
  if (n > static_cast<size_t>(INT_MAX)) throw CryptoError("AES-GCM input over 2 GiB");
}

}  // namespace

Bytes aead_seal(const AeadKey& key, const AeadNonce& nonce, const uint8_t* aad, size_t aad_size,
                const uint8_t* plaintext, size_t size) {
  Bytes out(size + kAeadTagSize);
  aead_seal_into(key, nonce, aad, aad_size, plaintext, size, out.data());
  return out;
}

void aead_seal_into(const AeadKey& key, const AeadNonce& nonce, const uint8_t* aad, size_t aad_size,
                    const uint8_t* plaintext, size_t size, uint8_t* out) {
  check_size(size);
  check_size(aad_size);
  CipherCtxPtr ctx = gcm_context(key, nonce, true);
  int len = 0;
  check_openssl(EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad, static_cast<int>(aad_size)) == 1,
                "EVP_EncryptUpdate(aad)");
  check_openssl(EVP_EncryptUpdate(ctx.get(), out, &len, plaintext, static_cast<int>(size)) == 1,
                "EVP_EncryptUpdate");
  int final_len = 0;
  check_openssl(EVP_EncryptFinal_ex(ctx.get(), out + len, &final_len) == 1, "EVP_EncryptFinal_ex");
  check_openssl(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, kAeadTagSize, out + size) == 1,
                "EVP_CTRL_AEAD_GET_TAG");
}

std::optional<Bytes> aead_open(const AeadKey& key, const AeadNonce& nonce, const uint8_t* aad,
                               size_t aad_size, const uint8_t* sealed, size_t size) {
  if (size < kAeadTagSize) return std::nullopt;
  const size_t body = size - kAeadTagSize;
  check_size(body);
  check_size(aad_size);
  CipherCtxPtr ctx = gcm_context(key, nonce, false);
  int len = 0;
  check_openssl(EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad, static_cast<int>(aad_size)) == 1,
                "EVP_DecryptUpdate(aad)");
  Bytes out(body);
  check_openssl(EVP_DecryptUpdate(ctx.get(), out.data(), &len, sealed, static_cast<int>(body)) == 1,
                "EVP_DecryptUpdate");
  Bytes tag(sealed + body, sealed + size);
  check_openssl(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, kAeadTagSize, tag.data()) == 1,
                "EVP_CTRL_AEAD_SET_TAG");
  int final_len = 0;
  if (EVP_DecryptFinal_ex(ctx.get(), out.data() + len, &final_len) != 1) return std::nullopt;
  return out;
}

AeadNonce counter_nonce(uint64_t counter) {
  AeadNonce n{};
  for (int i = 0; i < 8; ++i) n[11 - i] = static_cast<uint8_t>(counter >> (8 * i));
  return n;
}

}  // namespace fedsec::secure
