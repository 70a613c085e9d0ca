#include "privacy/secure/channel_network.h"

#include <stdexcept>
#include <string>

namespace fedsec::secure {
namespace {

PrivateKey secret32(const Randomness& r, std::string_view purpose, int64_t party) {
  return to_array32(r.bytes(purpose, 0, party, 32));
}

}  // namespace

ChannelNetwork::ChannelNetwork(Randomness randomness)
    : randomness_(randomness),
      authority_(secret32(randomness, "channel.authority", 0)),
      server_identity_(secret32(randomness, "channel.identity", kServerParty)),
      server_certificate_(authority_.issue(kServerParty, server_identity_.public_key())),
      session_salt_(randomness.bytes("channel.session", 0, 0, 32)) {}

void ChannelNetwork::begin_round(int round, const std::vector<int>& participants) {
  round_ = round;
  for (int client : participants) {
    if (client < 0)
      throw std::invalid_argument("client ids must be non-negative, got " + std::to_string(client));
    if (links_.count(client)) continue;
    auto l = std::make_unique<Link>();
    const X25519Key identity(secret32(randomness_, "channel.identity", client));
    l->certificate = authority_.issue(client, identity.public_key());
    ChannelSetup server_end = Channel::establish(kServerParty, server_identity_, client, l->certificate,
                                                 authority_.public_key(), session_salt_);
    ChannelSetup client_end = Channel::establish(client, identity, kServerParty, server_certificate_,
                                                 authority_.public_key(), session_salt_);
    if (!server_end.channel || !client_end.channel) {
      throw CryptoError("channel setup for client " + std::to_string(client) + ": " + server_end.error +
                        client_end.error);
    }
    l->at_server = std::move(server_end.channel);
    l->at_client = std::move(client_end.channel);
    links_.emplace(client, std::move(l));
  }
}

ChannelNetwork::Link& ChannelNetwork::link(int client) {
  auto it = links_.find(client);
  if (it == links_.end()) {
    throw std::out_of_range("client " + std::to_string(client) + " has no secure channel (not enrolled)");
  }
  return *it->second;
}

const Certificate& ChannelNetwork::certificate(int client) const {
  auto it = links_.find(client);
  if (it == links_.end()) throw std::out_of_range("client " + std::to_string(client) + " is not enrolled");
  return it->second->certificate;
}

Bytes ChannelNetwork::client_seal(int client, uint8_t type, const Bytes& plaintext) {
  Link& l = link(client);
  std::lock_guard<std::mutex> lock(l.mutex);
  return l.at_client->seal(round_, type, plaintext);
}

Opened ChannelNetwork::server_open(int client, const Bytes& frame) {
  Link& l = link(client);
  std::lock_guard<std::mutex> lock(l.mutex);
  return l.at_server->open(frame, round_);
}

Bytes ChannelNetwork::server_seal(int client, uint8_t type, const Bytes& plaintext) {
  Link& l = link(client);
  std::lock_guard<std::mutex> lock(l.mutex);
  return l.at_server->seal(round_, type, plaintext);
}

Opened ChannelNetwork::client_open(int client, const Bytes& frame) {
  Link& l = link(client);
  std::lock_guard<std::mutex> lock(l.mutex);
  return l.at_client->open(frame, round_);
}

Opened ChannelNetwork::to_server(int client, uint8_t type, const Bytes& plaintext, size_t* frame_size) {
  const Bytes frame = client_seal(client, type, plaintext);
  if (frame_size) *frame_size = frame.size();
  return server_open(client, frame);
}

Opened ChannelNetwork::to_client(int client, uint8_t type, const Bytes& plaintext, size_t* frame_size) {
  const Bytes frame = server_seal(client, type, plaintext);
  if (frame_size) *frame_size = frame.size();
  return client_open(client, frame);
}

RejectCounts ChannelNetwork::server_rejections() const {
  RejectCounts total;
  for (const auto& [client, l] : links_) {
    std::lock_guard<std::mutex> lock(l->mutex);
    total += l->at_server->rejections();
  }
  return total;
}

RejectCounts ChannelNetwork::client_rejections() const {
  RejectCounts total;
  for (const auto& [client, l] : links_) {
    std::lock_guard<std::mutex> lock(l->mutex);
    total += l->at_client->rejections();
  }
  return total;
}

}  // namespace fedsec::secure
