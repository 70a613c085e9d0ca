#include "privacy/secure/secagg_client.h"

#include <string>

namespace fedsec::secure {
namespace {

PrivateKey secret_key(const Randomness& r, const char* purpose, int round, int client) {
  return to_array32(r.bytes(purpose, round, client, 32));
}

std::string count_message(const char* what, size_t have, int threshold) {
  return std::string(what) + ": " + std::to_string(have) + " of the neighbourhood left, threshold " +
         std::to_string(threshold);
}

}  // namespace

SecAggClient::SecAggClient(const SecAggSetup& setup, int client, std::vector<uint32_t> input,
                           const Randomness& random)
    : setup_(setup),
      client_(client),
      input_(std::move(input)),
      random_(random),
      c_key_(secret_key(random, "secagg.c_key", setup.round(), client)),
      s_key_(secret_key(random, "secagg.s_key", setup.round(), client)),
      self_seed_(secret_key(random, "secagg.self_seed", setup.round(), client)) {
  if (!setup.is_participant(client)) {
    throw SecAggConfigError("client " + std::to_string(client) + " is not a participant of the round");
  }
  if (input_.size() != setup.dimension()) {
    throw SecAggConfigError("client " + std::to_string(client) + " input has " +
                            std::to_string(input_.size()) + " values, the round expects " +
                            std::to_string(setup.dimension()));
  }
}

void SecAggClient::require(bool ok, SecAggStage stage, const std::string& why) const {
  if (!ok) throw ProtocolAbort(stage, "client " + std::to_string(client_) + ": " + why);
}

Bytes SecAggClient::advertise_keys() const {
  return AdvertiseKeys{client_, c_key_.public_key(), s_key_.public_key()}.encode();
}

Bytes SecAggClient::share_keys(const Bytes& directory_bytes) {
  constexpr auto stage = SecAggStage::ShareKeys;
  require(stage_ == 0, stage, "share_keys called out of order");
  stage_ = 1;
  const KeyDirectory directory = KeyDirectory::decode(directory_bytes);
  for (const AdvertiseKeys& k : directory.keys) {
    require(setup_.in_neighbourhood(client_, k.client), stage,
            "directory lists client " + std::to_string(k.client) + ", not a neighbour");
    require(directory_.emplace(k.client, k).second, stage, "directory lists a client twice");
  }
  auto self = directory_.find(client_);
  require(self != directory_.end() && self->second.c_public == c_key_.public_key() &&
              self->second.s_public == s_key_.public_key(),
          stage, "directory does not hold this client's own keys");
  require(directory_.size() >= static_cast<size_t>(setup_.threshold()), stage,
          count_message("too few neighbours advertised keys", directory_.size(), setup_.threshold()));

  std::vector<int> holders;
  std::vector<uint64_t> points;
  for (const auto& entry : directory_) {
    holders.push_back(entry.first);
    points.push_back(setup_.share_point(entry.first));
  }
  const PrivateKey s_secret = s_key_.private_key();
  const auto s_shares = shamir_split(Bytes(s_secret.begin(), s_secret.end()), setup_.threshold(), points,
                                     random_, "secagg.shamir.s_key", setup_.round(), client_);
  const auto b_shares = shamir_split(Bytes(self_seed_.begin(), self_seed_.end()), setup_.threshold(), points,
                                     random_, "secagg.shamir.self_seed", setup_.round(), client_);
  ShareBundles out;
  for (size_t i = 0; i < holders.size(); ++i) {
    SharePair pair{client_, holders[i], s_shares[i], b_shares[i]};
    if (holders[i] == client_) {
      own_shares_ = std::move(pair);
      continue;
    }
    const SharedSecret agreed = c_key_.agree(directory_.at(holders[i]).c_public);
    const Bytes plain = pair.encode();
    const Bytes aad = share_bundle_aad(setup_.round(), client_, holders[i]);
    out.bundles.push_back({client_, holders[i],
                           aead_seal(share_bundle_key(agreed, setup_.round(), client_, holders[i]),
                                     counter_nonce(0), aad.data(), aad.size(), plain.data(), plain.size())});
  }
  return out.encode();
}

Bytes SecAggClient::masked_input(const Bytes& delivered_bytes) {
  constexpr auto stage = SecAggStage::MaskedInputCollection;
  require(stage_ == 1, stage, "masked_input called out of order");
  stage_ = 2;
  const ShareBundles delivered = ShareBundles::decode(delivered_bytes);
  u2_.insert(client_);
  for (const SealedShare& b : delivered.bundles) {
    require(b.to == client_, stage, "received a bundle addressed to client " + std::to_string(b.to));
    require(b.from != client_ && directory_.count(b.from), stage,
            "received a bundle from client " + std::to_string(b.from) + ", not an advertised neighbour");
    require(bundles_.emplace(b.from, b.ciphertext).second, stage, "received two bundles from one client");
    u2_.insert(b.from);
  }
  require(u2_.size() >= static_cast<size_t>(setup_.threshold()), stage,
          count_message("too few neighbours shared keys", u2_.size(), setup_.threshold()));

  std::vector<uint32_t> y = input_;
  apply_mask(self_seed_, +1, y);
  for (int v : u2_) {
    if (v == client_) continue;
    const SharedSecret agreed = s_key_.agree(directory_.at(v).s_public);
    apply_mask(pairwise_mask_seed(agreed, setup_.round(), client_, v), pairwise_sign(client_, v), y);
  }
  return MaskedInput{std::move(y)}.encode();
}

Bytes SecAggClient::consistency_check(const Bytes& survivors_bytes) {
  constexpr auto stage = SecAggStage::ConsistencyCheck;
  require(stage_ == 2, stage, "consistency_check called out of order");
  stage_ = 3;
  const SurvivorList survivors = SurvivorList::decode(survivors_bytes);
  for (int v : survivors.clients) {
    require(u2_.count(v) == 1, stage, "U3 lists client " + std::to_string(v) + ", which did not share keys");
    u3_.insert(v);
  }
  require(u3_.size() == survivors.clients.size(), stage, "U3 lists a client twice");
  require(u3_.count(client_) == 1, stage, "U3 leaves out this client, which sent its masked input");
  require(u3_.size() >= static_cast<size_t>(setup_.threshold()), stage,
          count_message("too few masked inputs", u3_.size(), setup_.threshold()));
  return ConsistencyAck{client_, static_cast<uint32_t>(u3_.size())}.encode();
}

SharePair SecAggClient::open_bundle(int from) const {
  constexpr auto stage = SecAggStage::Unmasking;
  if (from == client_) return *own_shares_;
  const Bytes& sealed = bundles_.at(from);
  const SharedSecret agreed = c_key_.agree(directory_.at(from).c_public);
  const Bytes aad = share_bundle_aad(setup_.round(), from, client_);
  std::optional<Bytes> plain =
      aead_open(share_bundle_key(agreed, setup_.round(), from, client_), counter_nonce(0), aad.data(),
                aad.size(), sealed.data(), sealed.size());
  require(plain.has_value(), stage, "share bundle from client " + std::to_string(from) + " does not decrypt");
  SharePair pair = SharePair::decode(*plain);
  require(pair.from == from && pair.to == client_, stage, "share bundle names the wrong clients");
  return pair;
}

Bytes SecAggClient::unmask(const Bytes& survivors_bytes) {
  constexpr auto stage = SecAggStage::Unmasking;
  require(stage_ == 3, stage, "unmask called out of order");
  stage_ = 4;
  const SurvivorList u4 = SurvivorList::decode(survivors_bytes);
  std::set<int> seen;
  for (int v : u4.clients) {
    require(u3_.count(v) == 1, stage, "U4 lists client " + std::to_string(v) + ", which is not in U3");
    seen.insert(v);
  }
  require(seen.size() >= static_cast<size_t>(setup_.threshold()), stage,
          count_message("too few clients passed the consistency check", seen.size(), setup_.threshold()));
  UnmaskingShares out;
  for (int v : u2_) {
    SharePair pair = open_bundle(v);
    // Never both shares of one client: b for those in U3, s^SK for those that dropped before.
    const bool survived = u3_.count(v) == 1;
    out.shares.push_back({v, !survived, survived ? std::move(pair.self_seed) : std::move(pair.s_key)});
  }
  return out.encode();
}

}  // namespace fedsec::secure
