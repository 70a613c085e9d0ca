#pragma once
// One client's side of a SecAgg / SecAgg+ round (Bonawitz et al., CCS 2017, Fig. 4, semi-honest
// variant; SecAgg+ restricts every step to the client's neighbourhood, Bell et al., CCS 2020).
// Each call takes the server's previous message and returns the client's next one; a call made
// out of order, or a server message that breaks the protocol's checks (too few clients left,
// entries outside the neighbourhood, a share that fails to decrypt), throws ProtocolAbort.

#include <map>
#include <optional>
#include <set>

#include "privacy/secure/randomness.h"
#include "privacy/secure/secagg_crypto.h"
#include "privacy/secure/secagg_messages.h"

namespace fedsec::secure {

class SecAggClient {
 public:
  // `setup` must outlive the client. `input` is the encoded update (setup.dimension() words).
  // Keys and the self-mask seed come from `random` under (purpose, round, client).
  SecAggClient(const SecAggSetup& setup, int client, std::vector<uint32_t> input, const Randomness& random);

  // Round 0: AdvertiseKeys.
  Bytes advertise_keys() const;
  // Round 1: given the KeyDirectory, Shamir-share s^SK and b among the neighbourhood (threshold
  // t) and encrypt each neighbour's pair of shares for it: ShareBundles.
  Bytes share_keys(const Bytes& directory);
  // Round 2: given the bundles addressed to this client (which tell who is in U2), the
  // MaskedInput y = x + PRG(b) + sum_v ±PRG(s_{u,v}) mod 2^32.
  Bytes masked_input(const Bytes& delivered);
  // Round 3: given U3 (neighbourhood), a ConsistencyAck. Simplified: no signatures.
  Bytes consistency_check(const Bytes& survivors);
  // Round 4: given U4 (neighbourhood), reveal for each neighbour in U2 the share of b if it is in
  // U3, else the share of s^SK: UnmaskingShares.
  Bytes unmask(const Bytes& survivors);

 private:
  void require(bool ok, SecAggStage stage, const std::string& why) const;
  SharePair open_bundle(int from) const;

  const SecAggSetup& setup_;
  int client_;
  std::vector<uint32_t> input_;
  Randomness random_;
  X25519Key c_key_;
  X25519Key s_key_;
  Seed self_seed_{};
  int stage_ = 0;                           // the next call expected
  std::map<int, AdvertiseKeys> directory_;  // neighbourhood ∩ U1, self included
  std::optional<SharePair> own_shares_;     // this client's shares of its own secrets
  std::map<int, Bytes> bundles_;            // ciphertexts from neighbourhood ∩ U2, self excluded
  std::set<int> u2_;                        // neighbourhood ∩ U2, self included
  std::set<int> u3_;                        // neighbourhood ∩ U3
};

}  // namespace fedsec::secure
