#include "privacy/secure/secagg_server.h"

#include <string>

#include <spdlog/spdlog.h>

namespace fedsec::secure {
namespace {

Bytes survivors_in_neighbourhood(const SecAggSetup& setup, int client, const std::set<int>& present) {
  SurvivorList list;
  for (int v : setup.neighbourhood(client)) {
    if (present.count(v)) list.clients.push_back(v);
  }
  return list.encode();
}

}  // namespace

void SecAggServer::reject(int client, SecAggStage stage, const std::string& why) const {
  spdlog::warn("secagg round {}, {}: message from client {} ignored ({}); counted as a dropout",
               setup_.round(), to_string(stage), client, why);
}

void SecAggServer::require_threshold(SecAggStage stage, const std::set<int>& owners,
                                     const std::set<int>& present) const {
  if (present.size() < static_cast<size_t>(setup_.threshold())) {
    throw ProtocolAbort(stage, std::to_string(present.size()) + " clients left, below the threshold " +
                                   std::to_string(setup_.threshold()));
  }
  for (int u : owners) {
    size_t count = 0;
    for (int v : setup_.neighbourhood(u)) count += present.count(v);
    if (count < static_cast<size_t>(setup_.threshold())) {
      throw ProtocolAbort(stage, "client " + std::to_string(u) + " has " + std::to_string(count) +
                                     " of its neighbourhood left, below the threshold " +
                                     std::to_string(setup_.threshold()));
    }
  }
}

SecAggServer::Outbox SecAggServer::collect_keys(const Inbox& advertised) {
  constexpr auto stage = SecAggStage::AdvertiseKeys;
  for (const auto& [client, bytes] : advertised) {
    try {
      AdvertiseKeys k = AdvertiseKeys::decode(bytes);
      if (k.client != client || !setup_.is_participant(client))
        throw FormatError("sender is not a participant");
      keys_.emplace(client, k);
      u1_.insert(client);
    } catch (const FormatError& e) {
      reject(client, stage, e.what());
    }
  }
  require_threshold(stage, u1_, u1_);
  Outbox out;
  for (int u : u1_) {
    KeyDirectory directory;
    for (int v : setup_.neighbourhood(u)) {
      if (u1_.count(v)) directory.keys.push_back(keys_.at(v));
    }
    out[u] = directory.encode();
  }
  return out;
}

SecAggServer::Outbox SecAggServer::collect_shares(const Inbox& bundles) {
  constexpr auto stage = SecAggStage::ShareKeys;
  std::map<int, ShareBundles> inbound;  // by receiver
  for (const auto& [client, bytes] : bundles) {
    try {
      if (!u1_.count(client)) throw FormatError("sender did not advertise keys");
      ShareBundles sent = ShareBundles::decode(bytes);
      std::set<int> receivers;
      for (const SealedShare& b : sent.bundles) {
        if (b.from != client || b.to == client || !u1_.count(b.to) ||
            !setup_.in_neighbourhood(client, b.to) || !receivers.insert(b.to).second) {
          throw FormatError("bundle addressed outside the sender's advertised neighbourhood");
        }
      }
      for (int v : setup_.neighbourhood(client)) {
        if (v != client && u1_.count(v) && !receivers.count(v))
          throw FormatError("a neighbour got no bundle");
      }
      for (SealedShare& b : sent.bundles) inbound[b.to].bundles.push_back(std::move(b));
      u2_.insert(client);
    } catch (const FormatError& e) {
      reject(client, stage, e.what());
    }
  }
  require_threshold(stage, u2_, u2_);
  Outbox out;
  for (int u : u2_) {
    ShareBundles delivery;
    for (SealedShare& b : inbound[u].bundles) {
      if (u2_.count(b.from)) delivery.bundles.push_back(std::move(b));
    }
    out[u] = delivery.encode();
  }
  return out;
}

SecAggServer::Outbox SecAggServer::collect_masked_inputs(const Inbox& masked) {
  constexpr auto stage = SecAggStage::MaskedInputCollection;
  masked_sum_.assign(setup_.dimension(), 0);
  for (const auto& [client, bytes] : masked) {
    try {
      if (!u2_.count(client)) throw FormatError("sender did not share keys");
      const MaskedInput m = MaskedInput::decode(bytes);
      if (m.values.size() != setup_.dimension()) throw FormatError("masked input has the wrong length");
      for (size_t i = 0; i < masked_sum_.size(); ++i) masked_sum_[i] += m.values[i];
      u3_.insert(client);
    } catch (const FormatError& e) {
      reject(client, stage, e.what());
    }
  }
  require_threshold(stage, u2_, u3_);
  Outbox out;
  for (int u : u3_) out[u] = survivors_in_neighbourhood(setup_, u, u3_);
  return out;
}

SecAggServer::Outbox SecAggServer::collect_acks(const Inbox& acks) {
  constexpr auto stage = SecAggStage::ConsistencyCheck;
  for (const auto& [client, bytes] : acks) {
    try {
      if (!u3_.count(client)) throw FormatError("sender sent no masked input");
      const ConsistencyAck ack = ConsistencyAck::decode(bytes);
      if (ack.client != client) throw FormatError("acknowledgement names another client");
      u4_.insert(client);
    } catch (const FormatError& e) {
      reject(client, stage, e.what());
    }
  }
  require_threshold(stage, u2_, u4_);
  Outbox out;
  for (int u : u4_) out[u] = survivors_in_neighbourhood(setup_, u, u4_);
  return out;
}

std::vector<uint32_t> SecAggServer::unmask(const Inbox& revealed) {
  constexpr auto stage = SecAggStage::Unmasking;
  std::map<int, std::vector<ShamirShare>> shares;  // by owner
  std::set<int> u5;
  for (const auto& [client, bytes] : revealed) {
    try {
      if (!u4_.count(client)) throw FormatError("sender did not pass the consistency check");
      UnmaskingShares msg = UnmaskingShares::decode(bytes);
      for (RevealedShare& r : msg.shares) {
        const bool wanted = u2_.count(r.owner) && setup_.in_neighbourhood(client, r.owner) &&
                            r.is_mask_key == !u3_.count(r.owner) && r.share.x == setup_.share_point(client);
        if (!wanted) throw FormatError("revealed share of the wrong client or kind");
      }
      for (RevealedShare& r : msg.shares) shares[r.owner].push_back(std::move(r.share));
      u5.insert(client);
    } catch (const FormatError& e) {
      reject(client, stage, e.what());
    }
  }
  require_threshold(stage, u2_, u5);

  std::vector<uint32_t> sum = std::move(masked_sum_);
  const int t = setup_.threshold();
  for (int v : u2_) {
    std::optional<Bytes> secret = shamir_reconstruct(shares[v], t, 32);
    if (!secret)
      throw ProtocolAbort(stage, "the secret of client " + std::to_string(v) + " does not reconstruct");
    if (u3_.count(v)) {
      apply_mask(to_array32(*secret), -1, sum);  // remove PRG(b_v)
      continue;
    }
    // v dropped after sharing: recompute the masks its neighbours in U3 added for it.
    const X25519Key s_key(to_array32(*secret));
    if (s_key.public_key() != keys_.at(v).s_public) {
      throw ProtocolAbort(stage, "the reconstructed mask key of client " + std::to_string(v) +
                                     " does not match its advertised key");
    }
    for (int u : setup_.neighbourhood(v)) {
      if (u == v || !u3_.count(u)) continue;
      const SharedSecret agreed = s_key.agree(keys_.at(u).s_public);
      apply_mask(pairwise_mask_seed(agreed, setup_.round(), u, v), -pairwise_sign(u, v), sum);
    }
  }
  return sum;
}

}  // namespace fedsec::secure
