#pragma once
// The server's side of a SecAgg / SecAgg+ round (Bonawitz et al., CCS 2017, Fig. 4; Bell et al.,
// CCS 2020). Each collect_* call takes the messages that arrived in one round, keyed by sender,
// and returns the server's reply for each client still in the protocol. A message that does not
// parse or does not fit the protocol counts as that client dropping out (logged). When some
// client's neighbourhood falls below the threshold t, or a secret does not reconstruct, the call
// throws ProtocolAbort naming the stage: the round has failed and nothing about the inputs is
// released.

#include <map>
#include <set>

#include "privacy/secure/secagg_crypto.h"
#include "privacy/secure/secagg_messages.h"

namespace fedsec::secure {

class SecAggServer {
 public:
  // `setup` must outlive the server.
  explicit SecAggServer(const SecAggSetup& setup) : setup_(setup) {}

  using Inbox = std::map<int, Bytes>;
  using Outbox = std::map<int, Bytes>;

  // Round 0: AdvertiseKeys from U1; replies with each client's neighbourhood KeyDirectory.
  Outbox collect_keys(const Inbox& advertised);
  // Round 1: ShareBundles from U2; replies with the bundles addressed to each client of U2.
  Outbox collect_shares(const Inbox& bundles);
  // Round 2: MaskedInput from U3; replies with each client's neighbourhood ∩ U3.
  Outbox collect_masked_inputs(const Inbox& masked);
  // Round 3: ConsistencyAck from U4; replies with each client's neighbourhood ∩ U4.
  Outbox collect_acks(const Inbox& acks);
  // Round 4: UnmaskingShares from U5; reconstructs b for U3 and s^SK for U2 \ U3 and returns
  // sum_{u in U3} x_u mod 2^32.
  std::vector<uint32_t> unmask(const Inbox& revealed);

  // U3: the clients whose inputs are in the sum (ascending), once masked inputs are collected.
  std::vector<int> contributors() const { return {u3_.begin(), u3_.end()}; }

 private:
  // Aborts at `stage` unless `present` has >= t clients and every client of `owners` has >= t of
  // its neighbourhood in `present`.
  void require_threshold(SecAggStage stage, const std::set<int>& owners, const std::set<int>& present) const;
  void reject(int client, SecAggStage stage, const std::string& why) const;

  const SecAggSetup& setup_;
  std::map<int, AdvertiseKeys> keys_;  // U1
  std::set<int> u1_, u2_, u3_, u4_;
  std::vector<uint32_t> masked_sum_;  // sum of the masked inputs of U3, mod 2^32
};

}  // namespace fedsec::secure
