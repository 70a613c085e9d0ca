#include "fl/transport.h"

namespace fedsec::fl {

void Transport::begin_round(int, const std::vector<int>&) {}

ByteCounts Transport::take_counts() { return {up_.exchange(0), down_.exchange(0)}; }

Bytes InProcessTransport::to_client(int, Bytes bytes) {
  count_down(static_cast<int64_t>(bytes.size()));
  return bytes;
}

Bytes InProcessTransport::to_server(int, Bytes bytes) {
  count_up(static_cast<int64_t>(bytes.size()));
  return bytes;
}

}  // namespace fedsec::fl
