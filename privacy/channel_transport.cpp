#include "privacy/channel_transport.h"

#include "fl/rng.h"

namespace fedsec::privacy {

secure::Randomness channel_keys(uint64_t seed) {
  return secure::Randomness::seeded(fl::derive_seed(seed, "channel-keys"));
}

ChannelTransport::ChannelTransport(uint64_t seed) : network_(channel_keys(seed)) {}

void ChannelTransport::begin_round(int round, const std::vector<int>& participants) {
  network_.begin_round(round, participants);
}

fl::Bytes ChannelTransport::deliver(secure::Opened opened) {
  if (opened.ok()) return std::move(*opened.plaintext);
  ++rejected_;
  return {};
}

fl::Bytes ChannelTransport::to_client(int client, fl::Bytes bytes) {
  secure::Bytes frame = network_.server_seal(client, kChannelGlobalModel, bytes);
  on_wire(client, false, frame);
  count_down(static_cast<int64_t>(frame.size()));
  return deliver(network_.client_open(client, frame));
}

fl::Bytes ChannelTransport::to_server(int client, fl::Bytes bytes) {
  secure::Bytes frame = network_.client_seal(client, kChannelClientUpdate, bytes);
  on_wire(client, true, frame);
  count_up(static_cast<int64_t>(frame.size()));
  return deliver(network_.server_open(client, frame));
}

int64_t ChannelTransport::take_rejections() { return rejected_.exchange(0); }

}  // namespace fedsec::privacy
