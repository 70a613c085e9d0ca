#pragma once
// An authenticated encrypted channel between two certified parties (a client and the server, or
// two clients in secure aggregation). Keys: X25519 between the parties' certified identity keys,
// then HKDF-SHA256 into one AES-256-GCM key per direction. Each frame is
//
//   header = version u8 | type u8 | round i32 | sender i32 | receiver i32 | counter u64 | length u32
//   frame  = header | AES-256-GCM(plaintext) | tag (16)
//
// with the whole header as additional data and the 96-bit nonce 0^32 || counter, one counter per
// direction. The receiver accepts authentic frames with increasing counters (a gap means frames
// lost on the way, so one dropped or rejected frame does not cut the channel) and rejects, with
// a typed reason, frames that are truncated, tampered with, replayed, reordered (arriving after a
// later one) or misrouted; rejected frames never yield plaintext. Simplification: static-static agreement
// with a per-run salt, so there is no forward secrecy within a run (a TLS 1.3 mode is the place for that).

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "privacy/secure/aead.h"
#include "privacy/secure/certificate.h"

namespace fedsec::secure {

enum class Rejection : uint8_t {
  Truncated,  // shorter than its header says
  Tampered,   // the tag does not verify, or the frame is malformed
  Replayed,   // an authentic frame already delivered or already rejected as reordered
  Reordered,  // an authentic frame that arrives after a later one (its counter was skipped)
  Misrouted,  // addressed to another receiver, from another sender, or for another round
};
const char* to_string(Rejection r);

// How many frames were rejected, by reason. The simulator reports these in its metrics.
struct RejectCounts {
  int64_t truncated = 0;
  int64_t tampered = 0;
  int64_t replayed = 0;
  int64_t reordered = 0;
  int64_t misrouted = 0;

  void add(Rejection r);
  int64_t total() const { return truncated + tampered + replayed + reordered + misrouted; }
  RejectCounts& operator+=(const RejectCounts& o);
};

// What open() gives: the plaintext and its type, or the reason for rejection.
struct Opened {
  std::optional<Bytes> plaintext;
  uint8_t type = 0;
  Rejection rejection = Rejection::Tampered;  // meaningful only without plaintext
  bool ok() const { return plaintext.has_value(); }
};

constexpr size_t kFrameHeaderSize = 1 + 1 + 4 + 4 + 4 + 8 + 4;
constexpr size_t kFrameOverhead = kFrameHeaderSize + kAeadTagSize;

struct ChannelSetup;

// The round a frame says it belongs to, read from its header without authenticating it (open()
// authenticates the header); nothing when the frame is shorter than a header. A party that learns
// the round from the frame itself (a client in another process) reads it here before open().
std::optional<int32_t> frame_round(const Bytes& frame);

class Channel {
 public:
  // A channel from `self` (holding `identity`, the private half of its certified key) to the
  // party certified by `peer`. Fails unless the authority signed `peer` and it names
  // `expected_peer`. Both sides must pass the same `session_salt` (a public run identifier).
  static ChannelSetup establish(int32_t self, const X25519Key& identity, int32_t expected_peer,
                                const Certificate& peer, const PublicKey& authority,
                                const Bytes& session_salt);

  // Encrypts one frame for the peer, labelled with round and message type.
  Bytes seal(int32_t round, uint8_t type, const Bytes& plaintext);
  // Authenticates and decrypts the next frame from the peer for `round`; counts and logs a rejection.
  Opened open(const Bytes& frame, int32_t round);

  int32_t self() const { return self_; }
  int32_t peer() const { return peer_; }
  const RejectCounts& rejections() const { return rejections_; }

 private:
  Channel(int32_t self, int32_t peer, const AeadKey& send, const AeadKey& receive)
      : self_(self), peer_(peer), send_key_(send), receive_key_(receive) {}
  Opened reject(Rejection r, int32_t round);

  int32_t self_;
  int32_t peer_;
  AeadKey send_key_;
  AeadKey receive_key_;
  uint64_t send_counter_ = 0;
  uint64_t receive_next_ = 0;
  std::set<uint64_t> skipped_;  // counters jumped over and not seen since (bounded)
  RejectCounts rejections_;
};

// Either a channel or why none could be made.
struct ChannelSetup {
  std::optional<Channel> channel;
  std::string error;  // empty on success
};

}  // namespace fedsec::secure
