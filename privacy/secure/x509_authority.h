#pragma once
// X.509 certificates of a networked run: the run's own authority (a self-signed CA) issues one
// certificate to the server and one to each client, which TLS 1.3 then checks on both sides
// (tls_connection.h). PEM files hold them between processes.
//
// Keys are ECDSA P-256 with SHA-256 signatures. Ed25519 would do as well between two OpenSSL 3
// peers, but RFC 8446 section 9.1 makes ecdsa_secp256r1_sha256 mandatory to implement and leaves
// Ed25519 optional, so P-256 certificates work with any TLS 1.3 stack a participant might use.
//
// Names: the server's certificate carries CN and DNS subjectAltName "server" (kServerName) and the
// extended key usage serverAuth; client K's carries CN "client-K" and clientAuth. The authority
// is the run's alone, so the name tells the server apart from the clients, and the key usages
// stop a client's certificate from serving as the server's (and the other way round).

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <openssl/x509.h>

#include "privacy/secure/openssl_util.h"

namespace fedsec::secure {

// The name the server's certificate carries and clients expect.
constexpr const char* kServerName = "server";

// A certificate or key file that cannot be read or written; the message names the file and the
// problem (missing, not PEM, wrong kind of key, ...).
class PemError : public std::runtime_error {
 public:
  PemError(const std::string& path, const std::string& problem)
      : std::runtime_error(path + ": " + problem), path_(path) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

// New owning references to the same certificate or key (OpenSSL reference counts).
X509Ptr share(X509* cert);
PkeyPtr share(EVP_PKEY* key);

// When a certificate is valid: [not_before, not_after], whole seconds.
struct Validity {
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;

  // From five minutes ago (for clock skew between hosts) to `days` days from now.
  static Validity days_from_now(int days);
};

// A certificate and the private key of its subject.
struct X509Identity {
  X509Ptr certificate;
  PkeyPtr key;
};

// The run's certificate authority: a P-256 key and its self-signed CA certificate.
class X509Authority {
 public:
  // A fresh key and a self-signed certificate with CN `name`, valid for `validity`.
  static X509Authority create(const std::string& name, const Validity& validity);
  // Reads an authority written by save(); throws PemError if a file is missing or malformed or the
  // key is not the certificate's.
  static X509Authority load(const std::string& cert_path, const std::string& key_path);

  // The server's certificate: CN and DNS subjectAltName kServerName, serverAuth.
  X509Identity issue_server(const Validity& validity) const;
  // Client `client_id`'s certificate (client_id >= 0): CN "client-<id>", clientAuth.
  X509Identity issue_client(int32_t client_id, const Validity& validity) const;

  X509* certificate() const { return identity_.certificate.get(); }
  EVP_PKEY* key() const { return identity_.key.get(); }

  // Writes the certificate (PEM) and the private key (PEM, PKCS#8, file mode 0600).
  void save(const std::string& cert_path, const std::string& key_path) const;

 private:
  explicit X509Authority(X509Identity identity) : identity_(std::move(identity)) {}
  X509Identity issue(const std::string& common_name, bool server, const Validity& validity) const;
  X509Identity identity_;
};

// PEM files. Writers replace the file; private keys are written unencrypted with mode 0600 (the
// mode is set before any byte is written). Readers throw PemError naming the file and the problem.
void write_certificate_pem(const X509* cert, const std::string& path);
void write_private_key_pem(EVP_PKEY* key, const std::string& path);
X509Ptr read_certificate_pem(const std::string& path);
PkeyPtr read_private_key_pem(const std::string& path);

// The subject's common name, or "" if it has none.
std::string common_name(const X509* cert);
// K if `common_name` is exactly "client-K" with K a decimal int32 >= 0 without leading zeros.
std::optional<int32_t> parse_client_name(const std::string& common_name);
// "client-K".
std::string client_name(int32_t client_id);

}  // namespace fedsec::secure
