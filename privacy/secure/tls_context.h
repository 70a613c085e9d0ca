#pragma once
// TLS 1.3 (RFC 8446) settings of the networked mode with mutual certificate authentication: what
// each side presents and trusts, its timeouts, and the OpenSSL context built from them.

#include <memory>
#include <string>

#include <openssl/ssl.h>

#include "privacy/secure/frame_codec.h"
#include "privacy/secure/tcp_socket.h"
#include "privacy/secure/x509_authority.h"

namespace fedsec::secure {

// The TLS handshake failed: the peer's certificate is not the run authority's, has expired, names
// the wrong party or is missing, the peer does not speak TLS 1.3, or it stalled. The message holds
// OpenSSL's reason (e.g. "certificate has expired").
class TlsHandshakeError : public NetworkError {
 public:
  using NetworkError::NetworkError;
};

// Timeouts (seconds) and limits of a connection.
struct TlsOptions {
  double accept_timeout_s = 60;     // a listener's wait for the next client
  double handshake_timeout_s = 10;  // the whole TLS handshake of one connection
  double io_timeout_s = 60;         // the longest silence while sending or receiving a frame
  size_t max_frame_bytes = kDefaultMaxFrameBytes;
};

// What one party presents and trusts: the run authority's certificate (the only trust anchor) and
// its own certificate and private key.
struct TlsCredentials {
  X509Ptr authority;
  X509Identity identity;

  // Reads the three PEM files; throws PemError if one is missing or malformed or the key is not
  // the certificate's.
  static TlsCredentials load(const std::string& authority_cert_path, const std::string& cert_path,
                             const std::string& key_path);
};

struct SslCtxFree {
  void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
};
struct SslFree {
  void operator()(SSL* p) const { SSL_free(p); }
};
using SslPtr = std::unique_ptr<SSL, SslFree>;

// An OpenSSL context for one side: TLS 1.3 only, the run authority as the only trust anchor, the
// party's own certificate and key, and peer verification required on both sides.
class TlsContext {
 public:
  // The server side: requires a client certificate chained to the authority, for clientAuth.
  static TlsContext server(const TlsCredentials& credentials);
  // The client side: requires the server's certificate chained to the authority, for serverAuth,
  // naming `server_name` (sent as SNI too).
  static TlsContext client(const TlsCredentials& credentials, const std::string& server_name = kServerName);

  bool is_server() const { return is_server_; }
  // A new connection object of this context (the server name already set on a client's).
  SslPtr new_ssl() const;

 private:
  TlsContext(SSL_CTX* ctx, bool is_server, std::string server_name);
  std::shared_ptr<SSL_CTX> ctx_;
  bool is_server_;
  std::string server_name_;
};

}  // namespace fedsec::secure
