#pragma once
// X25519 key agreement and Ed25519 signatures through EVP_PKEY, with raw 32-byte encodings.

#include <array>
#include <cstdint>

#include "privacy/secure/bytes.h"
#include "privacy/secure/openssl_util.h"

namespace fedsec::secure {

using PublicKey = std::array<uint8_t, 32>;
using PrivateKey = std::array<uint8_t, 32>;
using SharedSecret = std::array<uint8_t, 32>;
using Signature = std::array<uint8_t, 64>;

// An X25519 key pair built from 32 private bytes (any 32 bytes are a valid X25519 key).
class X25519Key {
 public:
  explicit X25519Key(const PrivateKey& private_key);
  const PublicKey& public_key() const { return public_; }
  PrivateKey private_key() const;
  // X25519(private, peer). Throws CryptoError for an invalid peer or an all-zero result
  // (a small-order peer point).
  SharedSecret agree(const PublicKey& peer) const;

 private:
  PkeyPtr key_;
  PublicKey public_{};
};

// An Ed25519 signing key built from a 32-byte seed.
class Ed25519Key {
 public:
  explicit Ed25519Key(const PrivateKey& seed);
  const PublicKey& public_key() const { return public_; }
  Signature sign(const Bytes& message) const;

 private:
  PkeyPtr key_;
  PublicKey public_{};
};

// True iff `signature` is a valid Ed25519 signature of `message` under `public_key`.
bool ed25519_verify(const PublicKey& public_key, const Bytes& message, const Signature& signature);

// Copies exactly 32 bytes (throws FormatError on another size).
std::array<uint8_t, 32> to_array32(const Bytes& bytes);

}  // namespace fedsec::secure
