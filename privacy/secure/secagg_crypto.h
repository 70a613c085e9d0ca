#pragma once
// Key derivations shared by SecAgg clients and server, domain-separated by purpose, round and
// the ordered or unordered pair of clients.

#include <stdexcept>

#include "privacy/secure/aead.h"
#include "privacy/secure/keys.h"
#include "privacy/secure/mask_prg.h"
#include "privacy/secure/secagg_config.h"

namespace fedsec::secure {

// The round stops: a threshold is not met, a message is inconsistent, or a reconstruction fails.
class ProtocolAbort : public std::runtime_error {
 public:
  ProtocolAbort(SecAggStage stage, const std::string& why) : std::runtime_error(why), stage_(stage) {}
  SecAggStage stage() const { return stage_; }

 private:
  SecAggStage stage_;
};

// Seed of the pairwise mask between u and v: HKDF-SHA256 of X25519(s_u, s_v) with info
// "fedsec secagg mask v1" || round || min(u, v) || max(u, v); symmetric in u and v.
Seed pairwise_mask_seed(const SharedSecret& agreed, int round, int u, int v);
// Sign with which u applies the mask shared with v: +1 below v, -1 above, so the pair cancels.
inline int pairwise_sign(int u, int v) { return u < v ? 1 : -1; }

// Key and additional data that encrypt the share bundle from `from` to `to` (X25519 of their
// c keys, one key per ordered pair and round, so the zero nonce is used once per key).
AeadKey share_bundle_key(const SharedSecret& agreed, int round, int from, int to);
Bytes share_bundle_aad(int round, int from, int to);

}  // namespace fedsec::secure
