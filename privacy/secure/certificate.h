#pragma once
// Identity certificates of a run: the run's own authority (an Ed25519 key) signs each party's
// X25519 identity key, so a channel peer is known to be the party it claims to be.

#include <cstdint>

#include "privacy/secure/keys.h"

namespace fedsec::secure {

// The server's party id; clients are 0, 1, 2, ...
constexpr int32_t kServerParty = -1;

struct Certificate {
  int32_t party = 0;
  PublicKey x25519_public{};
  Signature signature{};  // Ed25519 over signed_bytes()

  // The canonical encoding that is signed: "fedsec-cert-v1" || party (4 bytes LE) || key.
  Bytes signed_bytes() const;
  Bytes encode() const;  // signed_bytes() || signature
  // Inverse of encode(); throws FormatError on a bad label or length.
  static Certificate decode(const Bytes& bytes);
};

// The run's certificate authority.
class RunAuthority {
 public:
  explicit RunAuthority(const PrivateKey& seed) : key_(seed) {}
  const PublicKey& public_key() const { return key_.public_key(); }
  Certificate issue(int32_t party, const PublicKey& x25519_public) const;

 private:
  Ed25519Key key_;
};

// True iff `cert` carries a valid signature by the authority holding `authority`.
bool verify_certificate(const Certificate& cert, const PublicKey& authority);

}  // namespace fedsec::secure
