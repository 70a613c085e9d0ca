#pragma once
// `transport.name: channel`: every message between the server and a client travels in an
// authenticated encrypted channel (X25519 + HKDF-SHA256 + AES-256-GCM, identity keys certified
// by the run's Ed25519 authority; privacy/secure/channel.h). The bytes counted are the frames on
// the wire. A frame that fails to open (tampered, truncated, replayed, reordered, misrouted) is
// logged, counted in take_rejections() and not delivered. Keys derive from the experiment seed,
// so runs are reproducible; a deployment draws them from the system (see fedsec serve).

#include <atomic>

#include "fl/transport.h"
#include "privacy/secure/channel_network.h"

namespace fedsec::privacy {

// Frame types of the transport's messages.
constexpr uint8_t kChannelGlobalModel = 1;
constexpr uint8_t kChannelClientUpdate = 2;

// Where the channels of a run with `seed` draw their keys: the same in every process of the run.
secure::Randomness channel_keys(uint64_t seed);

class ChannelTransport : public fl::Transport {
 public:
  explicit ChannelTransport(uint64_t seed);

  void begin_round(int round, const std::vector<int>& participants) override;
  fl::Bytes to_client(int client, fl::Bytes bytes) override;
  fl::Bytes to_server(int client, fl::Bytes bytes) override;
  int64_t take_rejections() override;

 protected:
  // What happens to a frame between sealing and opening; the identity here. Tests override it
  // to play an attacker on the wire.
  virtual void on_wire(int /*client*/, bool /*to_server*/, secure::Bytes& /*frame*/) {}

 private:
  fl::Bytes deliver(secure::Opened opened);

  secure::ChannelNetwork network_;
  std::atomic<int64_t> rejected_{0};
};

}  // namespace fedsec::privacy
