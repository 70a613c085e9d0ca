#include "privacy/tls_transport.h"

#include <spdlog/spdlog.h>

namespace fedsec::privacy {

RunConnections::RunConnections(std::map<int, secure::TlsConnection> clients) : clients_(std::move(clients)) {}

RunConnections::~RunConnections() {
  for (auto& [client, connection] : clients_) {
    try {
      connection.send({});
      connection.close();
    } catch (const std::exception& e) {
      spdlog::warn("client {}: could not say goodbye ({})", client, e.what());
    }
  }
}

void RunConnections::drop(int client, const std::exception& why) {
  spdlog::warn("client {}: connection lost ({}); the run goes on without it", client, why.what());
  clients_.erase(client);
  ++lost_;
}

std::map<int, fl::Bytes> RunConnections::round_trip(const std::map<int, fl::Bytes>& outgoing, int64_t& up,
                                                    int64_t& down) {
  std::vector<int> asked;
  for (const auto& [client, frame] : outgoing) {
    auto it = clients_.find(client);
    if (it == clients_.end()) continue;
    try {
      it->second.send(frame);
      down += static_cast<int64_t>(frame.size() + secure::kLengthPrefixBytes);
      asked.push_back(client);
    } catch (const std::exception& e) {
      drop(client, e);
    }
  }
  std::map<int, fl::Bytes> replies;
  for (int client : asked) {
    try {
      std::optional<secure::Bytes> reply = clients_.at(client).receive();
      if (!reply) throw secure::NetworkError("closed by the client");
      up += static_cast<int64_t>(reply->size() + secure::kLengthPrefixBytes);
      replies.emplace(client, std::move(*reply));
    } catch (const std::exception& e) {
      drop(client, e);
    }
  }
  return replies;
}

int64_t RunConnections::take_lost() {
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
