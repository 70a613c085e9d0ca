#include "privacy/secure/tls_context.h"

namespace fedsec::secure {

namespace {

void check_ssl(bool ok, const char* what) {
  if (!ok) {
    const std::string errors = drain_openssl_errors();
    throw NetworkError(std::string(what) + " failed" + (errors.empty() ? "" : ": " + errors));
  }
}

// A context with the settings both sides share.
SSL_CTX* new_context(const TlsCredentials& credentials, bool server) {
  SSL_CTX* ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
  check_ssl(ctx != nullptr, "SSL_CTX_new");
  std::unique_ptr<SSL_CTX, SslCtxFree> owner(ctx);
  // TLS 1.3 only (RFC 8446); a peer offering an older version fails the handshake.
  check_ssl(SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) == 1, "SSL_CTX_set_min_proto_version");
  check_ssl(SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) == 1, "SSL_CTX_set_max_proto_version");
  check_ssl(SSL_CTX_use_certificate(ctx, credentials.identity.certificate.get()) == 1,
            "SSL_CTX_use_certificate");
  check_ssl(SSL_CTX_use_PrivateKey(ctx, credentials.identity.key.get()) == 1, "SSL_CTX_use_PrivateKey");
  check_ssl(SSL_CTX_check_private_key(ctx) == 1, "SSL_CTX_check_private_key");
  // The run authority is the only trust anchor: no system CAs are loaded.
  check_ssl(X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), credentials.authority.get()) == 1,
            "X509_STORE_add_cert");
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | (server ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0), nullptr);
  SSL_CTX_set_verify_depth(ctx, 1);  // leaf, then the authority
  return owner.release();
}

}  // namespace

TlsCredentials TlsCredentials::load(const std::string& authority_cert_path, const std::string& cert_path,
                                    const std::string& key_path) {
  TlsCredentials credentials{read_certificate_pem(authority_cert_path),
                             {read_certificate_pem(cert_path), read_private_key_pem(key_path)}};
  if (X509_check_private_key(credentials.identity.certificate.get(), credentials.identity.key.get()) != 1) {
    drain_openssl_errors();
    throw PemError(key_path, "private key does not belong to the certificate in " + cert_path);
  }
  return credentials;
}

TlsContext::TlsContext(SSL_CTX* ctx, bool is_server, std::string server_name)
    : ctx_(ctx, SslCtxFree()), is_server_(is_server), server_name_(std::move(server_name)) {}

TlsContext TlsContext::server(const TlsCredentials& credentials) {
  SSL_CTX* ctx = new_context(credentials, true);
  std::unique_ptr<SSL_CTX, SslCtxFree> owner(ctx);
  // Tell clients which authority to present a certificate from (RFC 8446 section 4.2.4).
  STACK_OF(X509_NAME)* names = sk_X509_NAME_new_null();
  X509_NAME* name = X509_NAME_dup(X509_get_subject_name(credentials.authority.get()));
  check_ssl(names != nullptr && name != nullptr && sk_X509_NAME_push(names, name) > 0, "client CA list");
  SSL_CTX_set_client_CA_list(ctx, names);
  // Sessions are never resumed, so no tickets (RFC 8446 section 4.6.1).
  check_ssl(SSL_CTX_set_num_tickets(ctx, 0) == 1, "SSL_CTX_set_num_tickets");
  return TlsContext(owner.release(), true, "");
}

TlsContext TlsContext::client(const TlsCredentials& credentials, const std::string& server_name) {
  return TlsContext(new_context(credentials, false), false, server_name);
}

SslPtr TlsContext::new_ssl() const {
  SslPtr ssl(SSL_new(ctx_.get()));
  check_ssl(ssl != nullptr, "SSL_new");
  if (is_server_) {
    SSL_set_accept_state(ssl.get());
  } else {
    SSL_set_connect_state(ssl.get());
    // Verify that the certificate names the run's server (hostname check against its
    // subjectAltName), and send the name as SNI.
    check_ssl(SSL_set1_host(ssl.get(), server_name_.c_str()) == 1, "SSL_set1_host");
    check_ssl(SSL_set_tlsext_host_name(ssl.get(), server_name_.c_str()) == 1, "SSL_set_tlsext_host_name");
  }
  return ssl;
}

}  // namespace fedsec::secure
