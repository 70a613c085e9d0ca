#pragma once
// The server's side of a networked run (fedsec serve): every client runs in its own process
// (fedsec join) and is connected over TLS 1.3 with mutual certificate authentication
// (privacy/secure/tls_connection.h). Each round the global-model message goes to the round's
// participants, which train and answer with their updates. The bytes counted are the frames
// (4-byte length and payload); the TLS records around them are not counted.
//
// A client whose connection breaks (closed, timed out, or a frame error) is logged, counted in
// take_rejections() and dropped from the run: its replies are missing from then on and the server
// goes on with the others.

#include <map>

#include "fl/transport.h"
#include "privacy/secure/tls_connection.h"

namespace fedsec::privacy {

class TlsServerTransport final : public fl::Transport {
 public:
  // `clients`: one authenticated connection per client id.
  explicit TlsServerTransport(std::map<int, secure::TlsConnection> clients);
  // Tells every connected client that the run is over (an empty frame) and closes the connections.
  ~TlsServerTransport() override;

  bool runs_clients_remotely() const override { return true; }
  std::vector<fl::Bytes> exchange(const std::vector<int>& clients, const fl::Bytes& down) override;
  // Messages travel only through exchange(); both throw std::logic_error.
  fl::Bytes to_client(int client, fl::Bytes bytes) override;
  fl::Bytes to_server(int client, fl::Bytes bytes) override;
  int64_t take_rejections() override;

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
