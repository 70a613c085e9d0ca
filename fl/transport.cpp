#include "fl/transport.h"

#include <stdexcept>

namespace fedsec::fl {

void Transport::begin_round(int, const std::vector<int>&) {}

SecureSum Transport::sum_to_server(int, const std::vector<int>&, const std::vector<std::vector<float>>&) {
  throw std::logic_error("sum_to_server called on a transport that delivers individual updates");
}

std::vector<Bytes> Transport::exchange(const std::vector<int>&, const Bytes&) {
  throw std::logic_error("exchange called on a transport whose clients run in process");
}

SecureSum Transport::exchange_for_sum(int, const std::vector<int>&, const Bytes&, size_t) {
  throw std::logic_error("exchange_for_sum called on a transport that does not sum remote clients' offers");
}

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
