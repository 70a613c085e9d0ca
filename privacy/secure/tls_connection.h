#pragma once
// One authenticated TLS 1.3 connection (RFC 8446) carrying length-prefixed frames (frame_codec.h),
// plus the listener and connector that make them.
//
// OpenSSL reads and writes through memory buffers and this class moves the bytes over the socket
// itself, so every wait has a deadline (TlsOptions) and a closed peer is an error, never a SIGPIPE.
//
// In TLS 1.3 the client's handshake ends before the server has checked the client's certificate
// (RFC 8446 section 4.4: the client sends its Certificate and Finished last). A client the server
// refuses therefore learns it from the server's alert, as a NetworkError of its first receive or
// send; the server learns it in TlsListener::accept.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "privacy/secure/bytes.h"
#include "privacy/secure/tcp_socket.h"
#include "privacy/secure/tls_context.h"

namespace fedsec::secure {

class TlsConnection {
 public:
  // Runs the handshake on a connected socket as `context`'s side and checks the peer: on the
  // server side its certificate must name "client-K"; on the client side it must be the server's.
  // Throws TlsHandshakeError (with OpenSSL's reason) if anything fails or the handshake takes
  // longer than options.handshake_timeout_s.
  TlsConnection(Socket socket, const TlsContext& context, const TlsOptions& options);
  TlsConnection(TlsConnection&&) noexcept;
  TlsConnection& operator=(TlsConnection&&) noexcept;
  // Sends close_notify if close() has not (without waiting for the peer).
  ~TlsConnection();

  // Sends one frame. Throws FrameError if the payload exceeds max_frame_bytes (nothing is sent and
  // the connection stays usable), NetworkTimeout if the peer takes nothing for io_timeout_s,
  // NetworkError if the connection broke.
  void send(const Bytes& payload);
  // The next frame, or nullopt once the peer closed the connection (close_notify) between frames.
  // Throws FrameError on a frame above max_frame_bytes or a stream closed inside a frame,
  // NetworkTimeout after io_timeout_s without a byte, NetworkError if the connection broke
  // (including a TLS alert from the peer, whose reason the message holds).
  //
  // After any error but send's FrameError the connection is broken: further calls throw
  // NetworkError and no close_notify is sent.
  std::optional<Bytes> receive();
  // Sends close_notify; the connection sends nothing after it.
  void close();

  // The authenticated peer: client K on the server side (from the verified certificate's CN
  // "client-K"), kServerParty on the client side.
  int32_t peer_party() const;
  // "address:port" of the peer.
  const std::string& peer_address() const;
  // The negotiated protocol version (SSL_version), always TLS1_3_VERSION.
  int protocol_version() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Listens for clients of one run and authenticates each.
class TlsListener {
 public:
  // Binds host:port ("" for every interface, port 0 for one the kernel picks).
  TlsListener(const TlsCredentials& credentials, const std::string& host, uint16_t port,
              const TlsOptions& options = {});

  uint16_t port() const { return socket_.local_port(); }

  // The next authenticated client. Throws NetworkTimeout if no client connects within
  // accept_timeout_s, TlsHandshakeError if the one that did failed to authenticate; either way
  // the listener stays open and the next call serves the next client.
  TlsConnection accept();

 private:
  TlsContext context_;
  TlsOptions options_;
  Socket socket_;
};

// Connects to the run's server at host:port and authenticates both sides; the server's certificate
// must name `server_name`. Throws NetworkError if no connection can be made, TlsHandshakeError if
// the handshake fails.
TlsConnection tls_connect(const TlsCredentials& credentials, const std::string& host, uint16_t port,
                          const TlsOptions& options = {}, const std::string& server_name = kServerName);

}  // namespace fedsec::secure
