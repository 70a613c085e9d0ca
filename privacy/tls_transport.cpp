#include "privacy/tls_transport.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace fedsec::privacy {

TlsServerTransport::TlsServerTransport(std::map<int, secure::TlsConnection> clients)
    : clients_(std::move(clients)) {}

TlsServerTransport::~TlsServerTransport() {
  for (auto& [client, connection] : clients_) {
    try {
      connection.send({});
      connection.close();
    } catch (const std::exception& e) {
      spdlog::warn("client {}: could not say goodbye ({})", client, e.what());
    }
  }
}

void TlsServerTransport::drop(int client, const std::exception& why) {
  spdlog::warn("client {}: connection lost ({}); the run goes on without it", client, why.what());
  clients_.erase(client);
  ++lost_;
}

std::vector<fl::Bytes> TlsServerTransport::exchange(const std::vector<int>& clients, const fl::Bytes& down) {
  // Everyone gets the model first, so that the clients train at the same time.
  std::vector<bool> asked(clients.size(), false);
  for (size_t i = 0; i < clients.size(); ++i) {
    auto it = clients_.find(clients[i]);
    if (it == clients_.end()) continue;
    try {
      it->second.send(down);
      count_down(static_cast<int64_t>(down.size() + secure::kLengthPrefixBytes));
      asked[i] = true;
    } catch (const std::exception& e) {
      drop(clients[i], e);
    }
  }
  std::vector<fl::Bytes> replies(clients.size());
  for (size_t i = 0; i < clients.size(); ++i) {
    if (!asked[i]) continue;
    auto it = clients_.find(clients[i]);
    try {
      std::optional<secure::Bytes> reply = it->second.receive();
      if (!reply) throw secure::NetworkError("closed by the client");
      count_up(static_cast<int64_t>(reply->size() + secure::kLengthPrefixBytes));
      replies[i] = std::move(*reply);
    } catch (const std::exception& e) {
      drop(clients[i], e);
    }
  }
  return replies;
}

fl::Bytes TlsServerTransport::to_client(int, fl::Bytes) {
  throw std::logic_error("a networked run's messages travel through exchange()");
}

fl::Bytes TlsServerTransport::to_server(int, fl::Bytes) {
  throw std::logic_error("a networked run's messages travel through exchange()");
}

int64_t TlsServerTransport::take_rejections() {
  const int64_t lost = lost_;
  lost_ = 0;
  return lost;
}

std::map<int, secure::TlsConnection> accept_run_clients(secure::TlsListener& listener, int num_clients,
                                                        int* refused) {
  std::map<int, secure::TlsConnection> clients;
  while (static_cast<int>(clients.size()) < num_clients) {
    try {
      secure::TlsConnection connection = listener.accept();
      const int client = connection.peer_party();
      if (client < 0 || client >= num_clients || clients.count(client) > 0) {
        spdlog::warn("refused {}: client {} is {}", connection.peer_address(), client,
                     clients.count(client) > 0 ? "already connected" : "not one of this run's clients");
        if (refused) ++*refused;
        continue;
      }
      spdlog::info("client {} joined from {} ({}/{})", client, connection.peer_address(), clients.size() + 1,
                   num_clients);
      clients.emplace(client, std::move(connection));
    } catch (const secure::TlsHandshakeError& e) {
      spdlog::warn("refused a connection: {}", e.what());
      if (refused) ++*refused;
    }
  }
  return clients;
}

}  // namespace fedsec::privacy
