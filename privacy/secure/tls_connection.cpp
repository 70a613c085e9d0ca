#include "privacy/secure/tls_connection.h"

#include <poll.h>

#include <algorithm>
#include <array>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "privacy/secure/certificate.h"

namespace fedsec::secure {

namespace {

// Plaintext handed to one SSL_write (OpenSSL cuts it into records of at most 2^14 bytes, RFC 8446
// section 5.1).
constexpr size_t kWriteChunk = size_t{1} << 18;
constexpr size_t kReadChunk = size_t{1} << 16;

std::string describe(double seconds) {
  std::string text = std::to_string(seconds);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text + " s";
}

}  // namespace

struct TlsConnection::State {
  Socket socket;
  std::string peer;
  TlsOptions options;
  SslPtr ssl;
  BIO* from_network = nullptr;  // bytes received from the socket, for OpenSSL (owned by ssl)
  BIO* to_network = nullptr;    // bytes OpenSSL produced, for the socket (owned by ssl)
  FrameDecoder decoder;
  Bytes read_buffer;
  int32_t party = 0;
  bool eof = false;          // the peer closed its side of the TCP connection
  bool peer_closed = false;  // close_notify received
  bool closed = false;       // close_notify sent
  bool broken = false;       // an error ended the connection

  State(Socket s, const TlsOptions& o)
      : socket(std::move(s)), peer(socket.peer_address()), options(o), decoder(o.max_frame_bytes) {}

  Deadline io_deadline() const { return deadline_after(options.io_timeout_s); }

  // Sends everything OpenSSL has written so far.
  void flush(Deadline deadline) {
    std::array<uint8_t, 16384> buffer;
    while (BIO_ctrl_pending(to_network) > 0) {
      const int n = BIO_read(to_network, buffer.data(), static_cast<int>(buffer.size()));
      if (n <= 0) break;
      socket.send_all(buffer.data(), static_cast<size_t>(n), deadline);
    }
  }

  // Hands the next bytes from the socket to OpenSSL; at end of stream, makes OpenSSL see it.
  void fill(Deadline deadline) {
    std::array<uint8_t, 16384> buffer;
    const size_t n = socket.receive_some(buffer.data(), buffer.size(), deadline);
    if (n == 0) {
      eof = true;
      BIO_set_mem_eof_return(from_network, 0);
    } else {
      BIO_write(from_network, buffer.data(), static_cast<int>(n));
    }
  }

  // Calls `op` (an SSL_* call) until it no longer waits for input, moving bytes both ways; returns
  // its result and sets `error` to SSL_get_error's verdict. Each wait ends at `deadline`, or
  // io_timeout_s from its start when there is none.
  template <typename Op>
  int drive(Op op, const std::optional<Deadline>& deadline, int& error) {
    for (;;) {
      ERR_clear_error();
      const int result = op();
      error = result > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl.get(), result);
      const bool failed = error != SSL_ERROR_NONE && error != SSL_ERROR_WANT_READ &&
                          error != SSL_ERROR_WANT_WRITE && error != SSL_ERROR_ZERO_RETURN;
      if (failed) {
        // Best effort: deliver OpenSSL's alert so the peer learns why.
        try {
          flush(deadline_after(0));
        } catch (const NetworkError&) {
        }
        return result;
      }
      flush(deadline ? *deadline : io_deadline());
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) return result;
      if (error == SSL_ERROR_WANT_READ) {
        if (eof) {
          error = SSL_ERROR_SYSCALL;
          return result;
        }
        fill(deadline ? *deadline : io_deadline());
      }
    }
  }

  // Why the last SSL call failed: the certificate verdict, OpenSSL's queued errors, or the end of
  // the stream.
  std::string failure_reason() const {
    std::string reason;
    const long verdict = SSL_get_verify_result(ssl.get());
    if (verdict != X509_V_OK) reason = X509_verify_cert_error_string(verdict);
    const std::string errors = drain_openssl_errors();
    if (!errors.empty()) reason += (reason.empty() ? "" : " (") + errors + (reason.empty() ? "" : ")");
    if (reason.empty()) reason = eof ? "the peer closed the connection" : "unknown error";
    return reason;
  }

  void write(const uint8_t* data, size_t size) {
    int error = 0;
    const int result =
        drive([&] { return SSL_write(ssl.get(), data, static_cast<int>(size)); }, std::nullopt, error);
    if (result <= 0) {
      broken = true;
      throw NetworkError("TLS write to " + peer + " failed: " + failure_reason());
    }
  }

  // The party the verified peer certificate names (server side: client K).
  int32_t authenticated_party(bool is_server) const {
    if (SSL_version(ssl.get()) != TLS1_3_VERSION) {
      throw TlsHandshakeError("TLS handshake with " + peer + " negotiated " + SSL_get_version(ssl.get()) +
                              ", not TLSv1.3");
    }
    if (!is_server) return kServerParty;
    const X509* cert = SSL_get0_peer_certificate(ssl.get());
    const std::string name = cert != nullptr ? common_name(cert) : "";
    const std::optional<int32_t> id = parse_client_name(name);
    if (!id) {
      throw TlsHandshakeError("TLS handshake with " + peer + ": client certificate names '" + name +
                              "', not client-K");
    }
    return *id;
  }
};

TlsConnection::TlsConnection(Socket socket, const TlsContext& context, const TlsOptions& options)
    : state_(std::make_unique<State>(std::move(socket), options)) {
  State& s = *state_;
  s.ssl = context.new_ssl();
  s.from_network = BIO_new(BIO_s_mem());
  s.to_network = BIO_new(BIO_s_mem());
  if (s.from_network == nullptr || s.to_network == nullptr) {
    BIO_free(s.from_network);
    BIO_free(s.to_network);
    throw NetworkError("BIO_new failed: " + drain_openssl_errors());
  }
  SSL_set_bio(s.ssl.get(), s.from_network, s.to_network);
  const std::string what = "TLS handshake with " + s.peer;
  int error = 0;
  int result = 0;
  try {
    result = s.drive([&] { return SSL_do_handshake(s.ssl.get()); },
                     deadline_after(options.handshake_timeout_s), error);
  } catch (const NetworkTimeout&) {
    s.broken = true;
    throw TlsHandshakeError(what + " timed out after " + describe(options.handshake_timeout_s));
  } catch (const NetworkError& e) {
    s.broken = true;
    throw TlsHandshakeError(what + " failed: " + e.what());
  }
  if (result != 1) {
    s.broken = true;
    throw TlsHandshakeError(what + " failed: " + s.failure_reason());
  }
  try {
    s.party = s.authenticated_party(context.is_server());
  } catch (const TlsHandshakeError&) {
    s.broken = true;
    throw;
  }
  s.read_buffer.resize(kReadChunk);
}

TlsConnection::TlsConnection(TlsConnection&&) noexcept = default;
TlsConnection& TlsConnection::operator=(TlsConnection&& other) noexcept {
  if (this != &other) {
    TlsConnection previous(std::move(*this));  // closes the connection this one held
    state_ = std::move(other.state_);
  }
  return *this;
}

TlsConnection::~TlsConnection() {
  if (!state_ || state_->closed || state_->broken) return;
  try {
    state_->closed = true;
    ERR_clear_error();
    SSL_shutdown(state_->ssl.get());
    state_->flush(deadline_after(0));
  } catch (const NetworkError&) {
  }
  ERR_clear_error();
}

void TlsConnection::send(const Bytes& payload) {
  State& s = *state_;
  if (s.closed || s.broken) throw NetworkError("send to " + s.peer + " on a closed connection");
  const std::array<uint8_t, kLengthPrefixBytes> header =
      frame_header(payload.size(), s.options.max_frame_bytes);
  // The header travels in the same record as the start of the payload.
  const size_t first = std::min(payload.size(), kWriteChunk - kLengthPrefixBytes);
  Bytes head(header.begin(), header.end());
  head.insert(head.end(), payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(first));
  try {
    s.write(head.data(), head.size());
    for (size_t offset = first; offset < payload.size(); offset += kWriteChunk) {
      s.write(payload.data() + offset, std::min(kWriteChunk, payload.size() - offset));
    }
  } catch (const NetworkError&) {
    s.broken = true;  // part of a frame may have left: nothing more can follow it
    throw;
  }
}

std::optional<Bytes> TlsConnection::receive() {
  State& s = *state_;
  if (s.broken) throw NetworkError("receive from " + s.peer + " on a broken connection");
  for (;;) {
    if (std::optional<Bytes> frame = s.decoder.next()) return frame;
    if (s.peer_closed) {
      s.decoder.finish();
      return std::nullopt;
    }
    try {
      int error = 0;
      const int result = s.drive(
          [&] { return SSL_read(s.ssl.get(), s.read_buffer.data(), static_cast<int>(s.read_buffer.size())); },
          std::nullopt, error);
      if (result > 0) {
        s.decoder.feed(s.read_buffer.data(), static_cast<size_t>(result));
      } else if (error == SSL_ERROR_ZERO_RETURN) {
        s.peer_closed = true;
      } else {
        if (s.eof) s.decoder.finish();  // a stream cut inside a frame is a FrameError
        throw NetworkError("TLS read from " + s.peer + " failed: " + s.failure_reason());
      }
    } catch (const std::exception&) {
      s.broken = true;  // includes timeouts: a frame may have been cut anywhere
      throw;
    }
  }
}

void TlsConnection::close() {
  State& s = *state_;
  if (s.closed || s.broken) return;
  s.closed = true;
  ERR_clear_error();
  SSL_shutdown(s.ssl.get());
  s.flush(s.io_deadline());
}

int32_t TlsConnection::peer_party() const { return state_->party; }
const std::string& TlsConnection::peer_address() const { return state_->peer; }
int TlsConnection::protocol_version() const { return SSL_version(state_->ssl.get()); }

}  // namespace fedsec::secure
