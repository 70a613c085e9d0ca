#include "privacy/secure/secagg_crypto.h"

#include <algorithm>

#include "privacy/secure/hkdf.h"

namespace fedsec::secure {

Seed pairwise_mask_seed(const SharedSecret& agreed, int round, int u, int v) {
  const Bytes key =
      hkdf_sha256(Bytes(agreed.begin(), agreed.end()), {},
                  kdf_info("fedsec secagg mask v1", {round, std::min(u, v), std::max(u, v)}), 32);
  return to_array32(key);
}

AeadKey share_bundle_key(const SharedSecret& agreed, int round, int from, int to) {
  const Bytes key = hkdf_sha256(Bytes(agreed.begin(), agreed.end()), {},
                                kdf_info("fedsec secagg share v1", {round, from, to}), kAeadKeySize);
  return to_array32(key);
}

Bytes share_bundle_aad(int round, int from, int to) {
  return kdf_info("fedsec secagg share aad v1", {round, from, to});
}

}  // namespace fedsec::secure
