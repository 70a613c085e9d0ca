#include "privacy/networked_run.h"

#include <spdlog/spdlog.h>

#include <memory>

#include "fl/errors.h"
#include "privacy/remote_transport.h"
#include "privacy/secure/tls_connection.h"
#include "privacy/tls_transport.h"

namespace fedsec::privacy {

nlohmann::json serve_experiment(const fl::Config& config, const fl::Registry& registry,
                                const secure::TlsCredentials& credentials, const std::string& out_dir,
                                const ServeOptions& options, const fl::RoundCallback& on_round) {
  check_remote_transport(config);
  const auto num_clients = static_cast<int>(config.get_int("partition.num_clients"));
  secure::TlsListener listener(credentials, options.host, options.port, options.tls);
  spdlog::info("serving on port {}: waiting for {} clients", listener.port(), num_clients);
  if (options.on_listening) options.on_listening(listener.port());
  auto connections =
      std::make_shared<std::map<int, secure::TlsConnection>>(accept_run_clients(listener, num_clients));

  // The simulator's server with the connected clients as its transport, under the config's name.
  fl::Registry networked = registry;
  networked.add_transport(config.get_string("transport.name"), [connections](const fl::Config& c) {
    return make_remote_transport(std::make_unique<RunConnections>(std::move(*connections)), c);
  });
  return fl::run_experiment(config, networked, out_dir, on_round);
}

int join_experiment(const fl::Config& config, const fl::Registry& registry,
                    const secure::TlsCredentials& credentials, const JoinOptions& options) {
  check_remote_transport(config);
  fl::Simulation client_side(config, registry);
  ClientEndpoint endpoint(client_side, config, options.client);
  secure::TlsConnection connection =
      secure::tls_connect(credentials, options.host, options.port, options.tls);
  spdlog::info("client {}: connected to {}", options.client, connection.peer_address());
  while (true) {
    std::optional<secure::Bytes> down = connection.receive();
    if (!down) throw secure::NetworkError("the server closed the connection before the run ended");
    if (down->empty()) break;  // the run is over
    connection.send(endpoint.answer(*down));
  }
  const int answered = endpoint.rounds_joined();
  connection.close();
  spdlog::info("client {}: run over after {} rounds answered", options.client, answered);
  return answered;
}

}  // namespace fedsec::privacy
