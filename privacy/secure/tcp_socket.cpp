#include "privacy/secure/tcp_socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace fedsec::secure {

namespace {

[[noreturn]] void fail(const std::string& what, int error) {
  throw NetworkError(what + ": " + std::strerror(error));
}

struct AddrinfoFree {
  void operator()(addrinfo* p) const { freeaddrinfo(p); }
};
using AddrinfoPtr = std::unique_ptr<addrinfo, AddrinfoFree>;

AddrinfoPtr resolve(const std::string& host, uint16_t port, bool passive) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = passive ? AI_PASSIVE : 0;
  addrinfo* result = nullptr;
  const std::string service = std::to_string(port);
  const int rc = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &result);
  if (rc != 0) {
    throw NetworkError("cannot resolve '" + host + "' port " + service + ": " + ::gai_strerror(rc));
  }
  return AddrinfoPtr(result);
}

Socket new_socket(const addrinfo& ai) {
  Socket s(::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol));
  if (s.fd() < 0) fail("socket", errno);
  return s;
}

int remaining_ms(Deadline deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  // Round up so a wait never ends just before its deadline.
  return static_cast<int>(std::clamp<int64_t>(left.count() + 1, 0, 1 << 30));
}

std::string format_address(const sockaddr_storage& addr) {
  char host[INET6_ADDRSTRLEN] = "?";
  uint16_t port = 0;
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &a.sin_addr, host, sizeof host);
    port = ntohs(a.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &a.sin6_addr, host, sizeof host);
    port = ntohs(a.sin6_port);
    return "[" + std::string(host) + "]:" + std::to_string(port);
  }
  return std::string(host) + ":" + std::to_string(port);
}

}  // namespace

Deadline deadline_after(double seconds) {
  return std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                std::chrono::duration<double>(std::max(seconds, 0.0)));
}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

Socket::~Socket() {
  if (fd_ >= 0) ::close(fd_);
}

std::string Socket::peer_address() const {
  sockaddr_storage addr{};
  socklen_t size = sizeof addr;
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &size) != 0) return "unknown peer";
  return format_address(addr);
}

uint16_t Socket::local_port() const {
  sockaddr_storage addr{};
  socklen_t size = sizeof addr;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &size) != 0) fail("getsockname", errno);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  return ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
}

void Socket::wait(short events, Deadline deadline, const char* what) const {
  for (;;) {
    pollfd p{fd_, events, 0};
    const int rc = ::poll(&p, 1, remaining_ms(deadline));
    if (rc > 0) return;  // ready, or an error/hang-up that the next call reports
    if (rc == 0) throw NetworkTimeout(std::string(what) + ": timed out");
    if (errno != EINTR) fail(std::string(what) + ": poll", errno);
  }
}

void Socket::send_all(const uint8_t* data, size_t size, Deadline deadline) const {
  while (size > 0) {
    const ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
    if (n > 0) {
      data += n;
      size -= static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      wait(POLLOUT, deadline, "send");
    } else if (n < 0 && errno != EINTR) {
      fail("send to " + peer_address(), errno);
    }
  }
}

size_t Socket::receive_some(uint8_t* data, size_t size, Deadline deadline) const {
  for (;;) {
    const ssize_t n = ::recv(fd_, data, size, 0);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      wait(POLLIN, deadline, "receive");
    } else if (errno != EINTR) {
      fail("receive from " + peer_address(), errno);
    }
  }
}

Socket listen_tcp(const std::string& host, uint16_t port, int backlog) {
  const AddrinfoPtr addresses = resolve(host, port, true);
  int last_error = EADDRNOTAVAIL;
  for (const addrinfo* ai = addresses.get(); ai != nullptr; ai = ai->ai_next) {
    Socket s = new_socket(*ai);
    const int on = 1;
    ::setsockopt(s.fd(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(s.fd(), ai->ai_addr, ai->ai_addrlen) == 0 && ::listen(s.fd(), backlog) == 0) return s;
    last_error = errno;
  }
  fail("cannot listen on '" + host + "' port " + std::to_string(port), last_error);
}

Socket accept_tcp(const Socket& listener, Deadline deadline) {
  for (;;) {
    Socket s(::accept4(listener.fd(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (s.fd() >= 0) {
      const int on = 1;
      ::setsockopt(s.fd(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
      return s;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      listener.wait(POLLIN, deadline, "accept");
    } else if (errno != EINTR && errno != ECONNABORTED) {
      fail("accept", errno);
    }
  }
}

Socket connect_tcp(const std::string& host, uint16_t port, Deadline deadline) {
  const AddrinfoPtr addresses = resolve(host, port, false);
  std::string last_error = "no address";
  for (const addrinfo* ai = addresses.get(); ai != nullptr; ai = ai->ai_next) {
    Socket s = new_socket(*ai);
    int rc = ::connect(s.fd(), ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      s.wait(POLLOUT, deadline, ("connect to " + host + ":" + std::to_string(port)).c_str());
      int error = 0;
      socklen_t size = sizeof error;
      ::getsockopt(s.fd(), SOL_SOCKET, SO_ERROR, &error, &size);
      errno = error;
      rc = error == 0 ? 0 : -1;
    }
    if (rc == 0) {
      const int on = 1;
      ::setsockopt(s.fd(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
      return s;
    }
    last_error = std::strerror(errno);
  }
  throw NetworkError("cannot connect to " + host + ":" + std::to_string(port) + ": " + last_error);
}

}  // namespace fedsec::secure
