#include "privacy/secure/keys.h"

#include <algorithm>

namespace fedsec::secure {
namespace {

PkeyPtr raw_private(int type, const PrivateKey& raw) {
  PkeyPtr key(EVP_PKEY_new_raw_private_key(type, nullptr, raw.data(), raw.size()));
  check_openssl(key != nullptr, "EVP_PKEY_new_raw_private_key");
  return key;
}

PublicKey raw_public_of(EVP_PKEY* key) {
  PublicKey out{};
  size_t len = out.size();
  check_openssl(EVP_PKEY_get_raw_public_key(key, out.data(), &len) == 1 && len == out.size(),
                "EVP_PKEY_get_raw_public_key");
  return out;
}

}  // namespace

X25519Key::X25519Key(const PrivateKey& private_key)
    : key_(raw_private(EVP_PKEY_X25519, private_key)), public_(raw_public_of(key_.get())) {}

PrivateKey X25519Key::private_key() const {
  PrivateKey out{};
  size_t len = out.size();
  check_openssl(EVP_PKEY_get_raw_private_key(key_.get(), out.data(), &len) == 1 && len == out.size(),
                "EVP_PKEY_get_raw_private_key");
  return out;
}

SharedSecret X25519Key::agree(const PublicKey& peer) const {
  PkeyPtr peer_key(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peer.data(), peer.size()));
  check_openssl(peer_key != nullptr, "EVP_PKEY_new_raw_public_key(X25519)");
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new(key_.get(), nullptr));
  check_openssl(ctx != nullptr, "EVP_PKEY_CTX_new");
  check_openssl(EVP_PKEY_derive_init(ctx.get()) == 1, "EVP_PKEY_derive_init");
  check_openssl(EVP_PKEY_derive_set_peer_ex(ctx.get(), peer_key.get(), 1) == 1,
                "EVP_PKEY_derive_set_peer_ex");
  SharedSecret out{};
  size_t len = out.size();
  check_openssl(EVP_PKEY_derive(ctx.get(), out.data(), &len) == 1 && len == out.size(), "EVP_PKEY_derive");
  if (std::all_of(out.begin(), out.end(), [](uint8_t b) { return b == 0; })) {
    throw CryptoError("X25519 agreement gave all zeros (small-order peer key)");
  }
  return out;
}

Ed25519Key::Ed25519Key(const PrivateKey& seed)
    : key_(raw_private(EVP_PKEY_ED25519, seed)), public_(raw_public_of(key_.get())) {}

Signature Ed25519Key::sign(const Bytes& message) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  check_openssl(ctx != nullptr, "EVP_MD_CTX_new");
  check_openssl(
      EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key_.get(), nullptr) == 1,
      "EVP_DigestSignInit_ex(Ed25519)");
  Signature sig{};
  size_t len = sig.size();
  check_openssl(
      EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) == 1 && len == sig.size(),
      "EVP_DigestSign(Ed25519)");
  return sig;
}

bool ed25519_verify(const PublicKey& public_key, const Bytes& message, const Signature& signature) {
  PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
  if (!key) return false;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  check_openssl(ctx != nullptr, "EVP_MD_CTX_new");
  check_openssl(
      EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key.get(), nullptr) == 1,
      "EVP_DigestVerifyInit_ex(Ed25519)");
  return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
}

std::array<uint8_t, 32> to_array32(const Bytes& bytes) {
  if (bytes.size() != 32) throw FormatError("expected 32 bytes, got " + std::to_string(bytes.size()));
  std::array<uint8_t, 32> out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

}  // namespace fedsec::secure
