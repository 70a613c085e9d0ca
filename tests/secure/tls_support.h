#pragma once
// Helpers for the networked-mode tests: a per-process temporary directory, a run's certificates
// in memory, and a bare OpenSSL client that can do what TlsConnection never does (present no
// certificate, offer only TLS 1.2, cut a frame short).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <openssl/ssl.h>

#include "privacy/secure/tls_connection.h"
#include "privacy/secure/x509_authority.h"

namespace fedsec::secure::testing {

// A fresh directory named after the test and this process, removed on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("fedsec_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Valid from `from_days` to `to_days` days from now (negative: in the past).
inline Validity days(int from_days, int to_days) {
  const auto now = std::chrono::system_clock::now();
  return {now + std::chrono::hours(24) * from_days, now + std::chrono::hours(24) * to_days};
}

// The certificates of one run, in memory.
struct RunPki {
  X509Authority authority = X509Authority::create("fedsec test run", days(-1, 30));

  TlsCredentials with(X509Identity identity) const {
    return {share(authority.certificate()), std::move(identity)};
  }
  TlsCredentials server() const { return with(authority.issue_server(days(-1, 30))); }
  TlsCredentials client(int32_t id) const { return with(authority.issue_client(id, days(-1, 30))); }
};

// Short timeouts so that a failing test fails fast.
inline TlsOptions quick_options() {
  TlsOptions options;
  options.accept_timeout_s = 10;
  options.handshake_timeout_s = 10;
  options.io_timeout_s = 10;
  return options;
}

// A blocking OpenSSL client on 127.0.0.1:port with no checks of its own.
class RawTlsClient {
 public:
  // Presents `credentials`' certificate unless null; offers TLS versions up to max_version.
  RawTlsClient(uint16_t port, const TlsCredentials* credentials, int max_version = TLS1_3_VERSION)
      : ctx_(SSL_CTX_new(TLS_client_method())) {
    SSL_CTX_set_max_proto_version(ctx_, max_version);
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_NONE, nullptr);
    if (credentials != nullptr) {
      SSL_CTX_use_certificate(ctx_, credentials->identity.certificate.get());
      SSL_CTX_use_PrivateKey(ctx_, credentials->identity.key.get());
    }
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    // Blocking, but never for more than 10 s per call, so a broken server cannot hang the test.
    const timeval limit{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    handshake_ok_ = connected_ && SSL_connect(ssl_) == 1;
  }
  ~RawTlsClient() {
    SSL_free(ssl_);
    SSL_CTX_free(ctx_);
    ::close(fd_);
  }
  bool handshake_ok() const { return handshake_ok_; }
  bool write(const Bytes& bytes) { return SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())) > 0; }
  // Reads until the connection ends; true if it ended with an error or alert (not close_notify).
  bool read_until_refused() {
    uint8_t buffer[256];
    int n = 0;
    while ((n = SSL_read(ssl_, buffer, sizeof buffer)) > 0) {
    }
    return SSL_get_error(ssl_, n) != SSL_ERROR_ZERO_RETURN;
  }
  void shutdown() { SSL_shutdown(ssl_); }

 private:
  SSL_CTX* ctx_;
  SSL* ssl_ = nullptr;
  int fd_ = -1;
  bool connected_ = false;
  bool handshake_ok_ = false;
};

}  // namespace fedsec::secure::testing
