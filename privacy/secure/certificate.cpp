#include "privacy/secure/certificate.h"

#include <cstring>

namespace fedsec::secure {
namespace {

constexpr char kLabel[] = "fedsec-cert-v1";
constexpr size_t kLabelSize = sizeof(kLabel) - 1;

}  // namespace

Bytes Certificate::signed_bytes() const {
  ByteWriter w;
  w.raw(reinterpret_cast<const uint8_t*>(kLabel), kLabelSize);
  w.i32(party);
  w.raw(x25519_public.data(), x25519_public.size());
  return w.take();
}

Bytes Certificate::encode() const {
  Bytes out = signed_bytes();
  out.insert(out.end(), signature.begin(), signature.end());
  return out;
}

Certificate Certificate::decode(const Bytes& bytes) {
  ByteReader r(bytes);
  Bytes label = r.raw(kLabelSize);
  if (std::memcmp(label.data(), kLabel, kLabelSize) != 0) throw FormatError("not a fedsec certificate");
  Certificate c;
  c.party = r.i32();
  r.raw(c.x25519_public.data(), c.x25519_public.size());
  r.raw(c.signature.data(), c.signature.size());
  r.expect_end();
  return c;
}

Certificate RunAuthority::issue(int32_t party, const PublicKey& x25519_public) const {
  Certificate c;
  c.party = party;
  c.x25519_public = x25519_public;
  c.signature = key_.sign(c.signed_bytes());
  return c;
}

bool verify_certificate(const Certificate& cert, const PublicKey& authority) {
  return ed25519_verify(authority, cert.signed_bytes(), cert.signature);
}

}  // namespace fedsec::secure
