#pragma once
// The server's connections in a networked run (fedsec serve): every client runs in its own process
// (fedsec join) and is connected over TLS 1.3 with mutual certificate authentication
// (privacy/secure/tls_connection.h); privacy/remote_transport.h carries the rounds over them. The
// bytes counted are the frames (4-byte length and payload), not the TLS records around them.

#include <map>

#include "privacy/remote_transport.h"
#include "privacy/secure/tls_connection.h"

namespace fedsec::privacy {

// One authenticated connection per client of a run. A client whose connection breaks (closed,
// timed out, or a frame error) is logged, counted in take_lost() and dropped from the run.
class RunConnections final : public RemoteClients {
 public:
  explicit RunConnections(std::map<int, secure::TlsConnection> clients);
  // Tells every connected client that the run is over (an empty frame) and closes the connections.
  ~RunConnections() override;

  std::map<int, fl::Bytes> round_trip(const std::map<int, fl::Bytes>& outgoing, int64_t& up,
                                      int64_t& down) override;
  int64_t take_lost() override;

 private:
  void drop(int client, const std::exception& why);

  std::map<int, secure::TlsConnection> clients_;
  int64_t lost_ = 0;
};

// Accepts connections on `listener` until clients 0 .. num_clients-1 are each connected once. A
// connection that fails to authenticate, or whose client id is outside the run or already
// connected, is refused, logged and counted in `refused`; the listener goes on. Throws
// secure::NetworkTimeout when no client comes within the listener's accept timeout.
std::map<int, secure::TlsConnection> accept_run_clients(secure::TlsListener& listener, int num_clients,
                                                        int* refused = nullptr);

}  // namespace fedsec::privacy
