// TlsListener and tls_connect (declared in tls_connection.h): TCP endpoints that hand each new
// socket to a TlsConnection for the handshake.
#include "privacy/secure/tls_connection.h"

namespace fedsec::secure {

TlsListener::TlsListener(const TlsCredentials& credentials, const std::string& host, uint16_t port,
                         const TlsOptions& options)
    : context_(TlsContext::server(credentials)), options_(options), socket_(listen_tcp(host, port)) {}

TlsConnection TlsListener::accept() {
  Socket socket = accept_tcp(socket_, deadline_after(options_.accept_timeout_s));
  return TlsConnection(std::move(socket), context_, options_);
}

TlsConnection tls_connect(const TlsCredentials& credentials, const std::string& host, uint16_t port,
                          const TlsOptions& options, const std::string& server_name) {
  const TlsContext context = TlsContext::client(credentials, server_name);
  Socket socket = connect_tcp(host, port, deadline_after(options.handshake_timeout_s));
  return TlsConnection(std::move(socket), context, options);
}

}  // namespace fedsec::secure
