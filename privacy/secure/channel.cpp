#include "privacy/secure/channel.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "privacy/secure/hkdf.h"

namespace fedsec::secure {
namespace {

constexpr uint8_t kFrameVersion = 1;

AeadKey direction_key(const SharedSecret& shared, const Bytes& salt, int32_t from, int32_t to) {
  const Bytes ikm(shared.begin(), shared.end());
  const Bytes key = hkdf_sha256(ikm, salt, kdf_info("fedsec channel v1", {from, to}), kAeadKeySize);
  AeadKey out{};
  std::copy(key.begin(), key.end(), out.begin());
  return out;
}

}  // namespace

const char* to_string(Rejection r) {
  switch (r) {
    case Rejection::Truncated:
      return "truncated";
    case Rejection::Tampered:
      return "tampered";
    case Rejection::Replayed:
      return "replayed";
    case Rejection::Reordered:
      return "reordered";
    case Rejection::Misrouted:
      return "misrouted";
  }
  return "unknown";
}

void RejectCounts::add(Rejection r) {
  switch (r) {
    case Rejection::Truncated:
      ++truncated;
      break;
    case Rejection::Tampered:
      ++tampered;
      break;
    case Rejection::Replayed:
      ++replayed;
      break;
    case Rejection::Reordered:
      ++reordered;
      break;
    case Rejection::Misrouted:
      ++misrouted;
      break;
  }
}

RejectCounts& RejectCounts::operator+=(const RejectCounts& o) {
  truncated += o.truncated;
  tampered += o.tampered;
  replayed += o.replayed;
  reordered += o.reordered;
  misrouted += o.misrouted;
  return *this;
}

ChannelSetup Channel::establish(int32_t self, const X25519Key& identity, int32_t expected_peer,
                                const Certificate& peer, const PublicKey& authority,
                                const Bytes& session_salt) {
  ChannelSetup setup;
  if (!verify_certificate(peer, authority)) {
    setup.error =
        "certificate of party " + std::to_string(peer.party) + " is not signed by the run's authority";
    return setup;
  }
  if (peer.party != expected_peer || peer.party == self) {
    setup.error = "certificate names party " + std::to_string(peer.party) + ", expected " +
                  std::to_string(expected_peer);
    return setup;
  }
  SharedSecret shared{};
  try {
    shared = identity.agree(peer.x25519_public);
  } catch (const CryptoError& e) {
    setup.error = std::string("key agreement with party ") + std::to_string(peer.party) + ": " + e.what();
    return setup;
  }
  setup.channel = Channel(self, peer.party, direction_key(shared, session_salt, self, peer.party),
                          direction_key(shared, session_salt, peer.party, self));
  return setup;
}

Bytes Channel::seal(int32_t round, uint8_t type, const Bytes& plaintext) {
  ByteWriter header;
  header.u8(kFrameVersion);
  header.u8(type);
  header.i32(round);
  header.i32(self_);
  header.i32(peer_);
  header.u64(send_counter_);
  header.u32(static_cast<uint32_t>(plaintext.size()));
  Bytes frame = header.take();
  frame.resize(kFrameHeaderSize + plaintext.size() + kAeadTagSize);
  aead_seal_into(send_key_, counter_nonce(send_counter_), frame.data(), kFrameHeaderSize, plaintext.data(),
                 plaintext.size(), frame.data() + kFrameHeaderSize);
  ++send_counter_;
  return frame;
}

std::optional<int32_t> frame_round(const Bytes& frame) {
  if (frame.size() < kFrameHeaderSize) return std::nullopt;
  ByteReader header(frame.data(), kFrameHeaderSize);
  header.u8();  // version
  header.u8();  // type
  return header.i32();
}

Opened Channel::reject(Rejection r, int32_t round) {
  rejections_.add(r);
  spdlog::warn("secure channel {} <- {}: rejected a {} frame in round {}", self_, peer_, to_string(r), round);
  Opened out;
  out.rejection = r;
  return out;
}

Opened Channel::open(const Bytes& frame, int32_t round) {
  if (frame.size() < kFrameOverhead) return reject(Rejection::Truncated, round);
  ByteReader header(frame.data(), kFrameHeaderSize);
  const uint8_t version = header.u8();
  const uint8_t type = header.u8();
  const int32_t sealed_round = header.i32();
  const int32_t sender = header.i32();
  const int32_t receiver = header.i32();
  const uint64_t counter = header.u64();
  const uint64_t length = header.u32();
  if (frame.size() < kFrameOverhead + length) return reject(Rejection::Truncated, round);
  if (version != kFrameVersion || frame.size() > kFrameOverhead + length) {
    return reject(Rejection::Tampered, round);
  }
  if (receiver != self_ || sender != peer_) return reject(Rejection::Misrouted, round);
  std::optional<Bytes> plaintext =
      aead_open(receive_key_, counter_nonce(counter), frame.data(), kFrameHeaderSize,
                frame.data() + kFrameHeaderSize, frame.size() - kFrameHeaderSize);
  if (!plaintext) return reject(Rejection::Tampered, round);
  // Authentic from here on: the header is exactly what the peer sealed.
  if (counter < receive_next_)
    return reject(skipped_.erase(counter) > 0 ? Rejection::Reordered : Rejection::Replayed, round);
  // Counters jumped over belong to frames lost (or still on the way): remember a bounded number
  // of them so a late arrival is told apart from a replay.
  constexpr size_t kMaxSkipped = 1024;
  for (uint64_t c = receive_next_; c < counter && skipped_.size() < kMaxSkipped; ++c) skipped_.insert(c);
  receive_next_ = counter + 1;  // consumed even when meant for another round, so the stream goes on
  if (sealed_round != round) return reject(Rejection::Misrouted, round);
  Opened out;
  out.plaintext = std::move(plaintext);
  out.type = type;
  return out;
}

}  // namespace fedsec::secure
