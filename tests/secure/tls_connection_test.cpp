// TLS 1.3 with mutual authentication over loopback: frames flow both ways between the run's
// server and its clients; a client whose certificate is not the run authority's, has expired, is
// missing, or that does not speak TLS 1.3 is refused, and the same listener then serves a good
// client. Every listener takes port 0, so parallel tests never collide.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <thread>

#include "privacy/secure/certificate.h"
#include "privacy/secure/run_certificates.h"
#include "tls_support.h"

namespace fedsec::secure {
namespace {

using testing::days;
using ::testing::HasSubstr;
using testing::quick_options;
using testing::RawTlsClient;
using testing::RunPki;

const char* kLoopback = "127.0.0.1";

Bytes counting(size_t n, uint8_t start = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(start + i);
  return b;
}

// Accepts one client on another thread and echoes its frames reversed until it closes; yields
// the client's id and the number of frames echoed.
std::future<std::pair<int32_t, int>> serve_echo(TlsListener& listener) {
  return std::async(std::launch::async, [&listener] {
    TlsConnection connection = listener.accept();
    EXPECT_EQ(connection.protocol_version(), TLS1_3_VERSION);
    int frames = 0;
    while (std::optional<Bytes> frame = connection.receive()) {
      std::reverse(frame->begin(), frame->end());
      connection.send(*frame);
      ++frames;
    }
    return std::make_pair(connection.peer_party(), frames);
  });
}

// A good client on the listener: exchanges two frames and closes.
void expect_served(TlsListener& listener, const RunPki& pki, int32_t id) {
  auto server = serve_echo(listener);
  TlsConnection client = tls_connect(pki.client(id), kLoopback, listener.port(), quick_options());
  client.send(Bytes{1, 2, 3});
  EXPECT_EQ(client.receive(), (Bytes{3, 2, 1}));
  client.send(Bytes{});
  EXPECT_EQ(client.receive(), Bytes{});
  client.close();
  EXPECT_EQ(server.get(), std::make_pair(id, 2));
}

// Runs accept() on another thread and `client` here; returns what accept() raised.
template <typename Client>
std::string refusal_of(TlsListener& listener, Client client) {
  auto server = std::async(std::launch::async, [&listener]() -> std::string {
    try {
      listener.accept();
    } catch (const TlsHandshakeError& e) {
      return e.what();
    }
    return "accepted";
  });
  client();
  return server.get();
}

TEST(TlsConnection, Tls13HandshakeAndFramesBothWays) {
  const RunPki pki;
  TlsListener listener(pki.server(), kLoopback, 0, quick_options());
  ASSERT_NE(listener.port(), 0);
  auto server = serve_echo(listener);
  TlsConnection client = tls_connect(pki.client(5), kLoopback, listener.port(), quick_options());
  EXPECT_EQ(client.protocol_version(), TLS1_3_VERSION);
  EXPECT_EQ(client.peer_party(), kServerParty);
  EXPECT_THAT(client.peer_address(), HasSubstr("127.0.0.1:"));
  // Empty, tiny, and larger than one write chunk and one TLS record.
  const std::vector<Bytes> payloads = {{}, {42}, counting(1000, 7), counting(600000, 3)};
  for (const Bytes& p : payloads) client.send(p);
  for (const Bytes& p : payloads) {
    Bytes expected = p;
    std::reverse(expected.begin(), expected.end());
    EXPECT_EQ(client.receive(), expected);
  }
  client.close();
  EXPECT_EQ(server.get(), std::make_pair(5, 4));
}

TEST(TlsConnection, ServerServesClientsOneAfterAnother) {
  const RunPki pki;
  TlsListener listener(pki.server(), kLoopback, 0, quick_options());
  for (int32_t id : {0, 1, 12345}) expect_served(listener, pki, id);
}

TEST(TlsConnection, ClientOfAnotherAuthorityIsRefusedAndListenerGoesOn) {
  const RunPki pki;
  const RunPki other;
  TlsListener listener(pki.server(), kLoopback, 0, quick_options());
  // Trusts the run's authority, but presents a certificate another authority signed.
  const TlsCredentials intruder = pki.with(other.authority.issue_client(1, days(-1, 1)));
  const std::string reason = refusal_of(listener, [&] {
    TlsConnection client = tls_connect(intruder, kLoopback, listener.port(), quick_options());
    EXPECT_THROW(client.receive(), NetworkError);  // TLS 1.3: the refusal comes as an alert
  });
  EXPECT_THAT(reason, HasSubstr("unable to get local issuer certificate"));
  expect_served(listener, pki, 1);
}

TEST(TlsConnection, ExpiredClientIsRefusedAndListenerGoesOn) {
  const RunPki pki;
  TlsListener listener(pki.server(), kLoopback, 0, quick_options());
  const TlsCredentials expired = pki.with(pki.authority.issue_client(2, days(-10, -1)));
  std::string client_error;
  const std::string reason = refusal_of(listener, [&] {
    TlsConnection client = tls_connect(expired, kLoopback, listener.port(), quick_options());
    try {
      client.receive();
    } catch (const NetworkError& e) {
      client_error = e.what();
    }
  });
  EXPECT_THAT(reason, HasSubstr("certificate has expired"));
  EXPECT_THAT(client_error, HasSubstr("alert certificate expired"));
  expect_served(listener, pki, 2);
}

TEST(TlsConnection, ClientWithoutCertificateIsRefusedAndListenerGoesOn) {
  const RunPki pki;
  TlsListener listener(pki.server(), kLoopback, 0, quick_options());
  const std::string reason = refusal_of(listener, [&] {
    RawTlsClient client(listener.port(), nullptr);
    EXPECT_TRUE(client.read_until_refused());
  });
  EXPECT_THAT(reason, HasSubstr("peer did not return a certificate"));
  expect_served(listener, pki, 3);
}

TEST(TlsConnection, Tls12ClientIsRefusedAndListenerGoesOn) {
  const RunPki pki;
  const TlsCredentials good = pki.client(4);
  TlsListener listener(pki.server(), kLoopback, 0, quick_options());
  const std::string reason = refusal_of(listener, [&] {
    RawTlsClient client(listener.port(), &good, TLS1_2_VERSION);
    EXPECT_FALSE(client.handshake_ok());
  });
  EXPECT_THAT(reason, HasSubstr("unsupported protocol"));
  expect_served(listener, pki, 4);
}

TEST(TlsConnection, SilentClientTimesOutAndListenerGoesOn) {
  const RunPki pki;
  TlsOptions options = quick_options();
  options.handshake_timeout_s = 0.3;
  TlsListener listener(pki.server(), kLoopback, 0, options);
  const std::string reason = refusal_of(listener, [&] {
    Socket idle = connect_tcp(kLoopback, listener.port(), deadline_after(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
  });
  EXPECT_THAT(reason, HasSubstr("timed out after 0.3 s"));
  expect_served(listener, pki, 0);
}

TEST(TlsConnection, ClientRefusesServerWithWrongNameOrClientCertificate) {
  const RunPki pki;
  {
    TlsListener listener(pki.server(), kLoopback, 0, quick_options());
    std::string client_error;
    refusal_of(listener, [&] {
      try {
        tls_connect(pki.client(0), kLoopback, listener.port(), quick_options(), "another-server");
      } catch (const TlsHandshakeError& e) {
        client_error = e.what();
      }
    });
    EXPECT_THAT(client_error, HasSubstr("hostname mismatch"));
  }
  {
    // A client's certificate, even one from the run's authority, cannot act as the server's.
    TlsListener impostor(pki.client(9), kLoopback, 0, quick_options());
    std::string client_error;
    refusal_of(impostor, [&] {
      try {
        tls_connect(pki.client(0), kLoopback, impostor.port(), quick_options());
      } catch (const TlsHandshakeError& e) {
        client_error = e.what();
      }
    });
    EXPECT_THAT(client_error, HasSubstr("unsuitable certificate purpose"));
  }
}

TEST(TlsConnection, ServerCertificateCannotActAsClient) {
  const RunPki pki;
  TlsListener listener(pki.server(), kLoopback, 0, quick_options());
  const std::string reason = refusal_of(listener, [&] {
    TlsConnection client = tls_connect(pki.server(), kLoopback, listener.port(), quick_options());
    EXPECT_THROW(client.receive(), NetworkError);
  });
  EXPECT_THAT(reason, HasSubstr("unsuitable certificate purpose"));
  expect_served(listener, pki, 6);
}

TEST(TlsConnection, OversizeFrameIsAFrameError) {
  const RunPki pki;
  TlsOptions small = quick_options();
  small.max_frame_bytes = 1024;
  TlsListener listener(pki.server(), kLoopback, 0, small);
  auto server = std::async(std::launch::async, [&] {
    TlsConnection connection = listener.accept();
    EXPECT_THROW(connection.receive(), FrameError);
    EXPECT_THROW(connection.receive(), NetworkError);  // the connection is over
  });
  TlsConnection client = tls_connect(pki.client(0), kLoopback, listener.port(), quick_options());
  client.send(counting(1025));
  server.get();
  // The sender checks its own limit too.
  TlsConnection limited = [&] {
    auto accepted = std::async(std::launch::async, [&] { return listener.accept(); });
    TlsConnection c = tls_connect(pki.client(1), kLoopback, listener.port(), small);
    accepted.get();
    return c;
  }();
  EXPECT_THROW(limited.send(counting(1025)), FrameError);
}

TEST(TlsConnection, StreamClosedInsideAFrameIsAFrameError) {
  const RunPki pki;
  const TlsCredentials good = pki.client(8);
  TlsListener listener(pki.server(), kLoopback, 0, quick_options());
  auto server = std::async(std::launch::async, [&]() -> std::string {
    TlsConnection connection = listener.accept();
    EXPECT_EQ(connection.receive(), counting(10));
    try {
      connection.receive();
    } catch (const FrameError& e) {
      return e.what();
    }
    return "no FrameError";
  });
  RawTlsClient client(listener.port(), &good);
  ASSERT_TRUE(client.handshake_ok());
  ASSERT_TRUE(client.write(encode_frame(counting(10))));
  const Bytes cut = encode_frame(counting(100));
  ASSERT_TRUE(client.write(Bytes(cut.begin(), cut.begin() + 50)));
  client.shutdown();  // close_notify in the middle of the second frame
  EXPECT_THAT(server.get(), HasSubstr("46 of 100 payload bytes"));
}

TEST(TlsConnection, WaitsEndWithTimeouts) {
  const RunPki pki;
  TlsOptions options = quick_options();
  options.accept_timeout_s = 0.2;
  options.io_timeout_s = 0.2;
  TlsListener listener(pki.server(), kLoopback, 0, options);
  EXPECT_THROW(listener.accept(), NetworkTimeout);  // nobody came
  auto server = std::async(std::launch::async, [&] {
    TlsConnection connection = listener.accept();
    EXPECT_THROW(connection.receive(), NetworkTimeout);  // the client says nothing
    EXPECT_THROW(connection.receive(), NetworkError);    // and the connection is over
  });
  TlsConnection client = tls_connect(pki.client(0), kLoopback, listener.port(), quick_options());
  server.get();
}

TEST(TlsConnection, CredentialsFromARunDirectoryAuthenticate) {
  const testing::TempDir dir("tls_run_dir");
  write_run_certificates(dir.path().string(), 3, 1);
  TlsListener listener(load_run_credentials(dir.path().string(), kServerParty), kLoopback, 0,
                       quick_options());
  auto server = serve_echo(listener);
  TlsConnection client =
      tls_connect(load_run_credentials(dir.path().string(), 2), kLoopback, listener.port(), quick_options());
  client.send(Bytes{1, 2});
  EXPECT_EQ(client.receive(), (Bytes{2, 1}));
  client.close();
  EXPECT_EQ(server.get(), std::make_pair(2, 1));
  try {
    load_run_credentials(dir.path().string(), 3);
    FAIL() << "loaded a client the directory has no certificate for";
  } catch (const PemError& e) {
    EXPECT_EQ(e.path(), dir.file("client-3.pem"));
  }
}

TEST(TlsConnection, ConnectingToAClosedPortFails) {
  uint16_t port = 0;
  {
    const Socket probe = listen_tcp(kLoopback, 0);
    port = probe.local_port();
  }
  const RunPki pki;
  EXPECT_THROW(tls_connect(pki.client(0), kLoopback, port, quick_options()), NetworkError);
}

}  // namespace
}  // namespace fedsec::secure
