#pragma once
// TCP sockets for the networked mode (POSIX): listen, accept and connect with deadlines, and
// non-blocking sends and receives that wait with poll(2), so no call waits longer than asked.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace fedsec::secure {

using Deadline = std::chrono::steady_clock::time_point;

// `seconds` from now.
Deadline deadline_after(double seconds);

// A socket call failed or the peer went away; the message names the call and the reason.
class NetworkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A wait reached its deadline.
class NetworkTimeout : public NetworkError {
 public:
  using NetworkError::NetworkError;
};

// An open socket descriptor in non-blocking mode, closed on destruction. Move-only.
class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket();

  int fd() const { return fd_; }

  // "address:port" of the peer, or "unknown peer".
  std::string peer_address() const;
  // The local port (e.g. the one the kernel picked for port 0).
  uint16_t local_port() const;

  // Waits until the socket is readable (POLLIN) or writable (POLLOUT); throws NetworkTimeout
  // naming `what` once the deadline passes.
  void wait(short events, Deadline deadline, const char* what) const;
  // Sends every byte, waiting for room until the deadline (a closed peer is a NetworkError, never
  // a SIGPIPE).
  void send_all(const uint8_t* data, size_t size, Deadline deadline) const;
  // Receives at most `size` bytes once some are there; 0 means the peer closed its side.
  size_t receive_some(uint8_t* data, size_t size, Deadline deadline) const;

 private:
  int fd_ = -1;
};

// A listening socket bound to host:port. Host "" listens on every interface; port 0 lets the
// kernel pick a free one (see Socket::local_port).
Socket listen_tcp(const std::string& host, uint16_t port, int backlog = 64);
// The next connection on `listener`, or NetworkTimeout once the deadline passes.
Socket accept_tcp(const Socket& listener, Deadline deadline);
// A connection to host:port (a name or an address), tried address by address until the deadline.
Socket connect_tcp(const std::string& host, uint16_t port, Deadline deadline);

}  // namespace fedsec::secure
