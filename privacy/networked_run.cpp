#include "privacy/networked_run.h"

#include <spdlog/spdlog.h>

#include <memory>

#include "fl/errors.h"
#include "privacy/secure/tls_connection.h"
#include "privacy/tls_transport.h"

namespace fedsec::privacy {
namespace {

constexpr const char* kTlsTransport = "tls";

void check_servable(const fl::Config& config) {
  const std::string& transport = config.get_string("transport.name");
  if (transport != "plain")
    throw UsageError(
        "fedsec serve runs transport.name: plain over TLS 1.3, which already authenticates and "
        "encrypts every message; transport.name: " +
        transport + " is not available across processes yet");
}

}  // namespace

nlohmann::json serve_experiment(const fl::Config& config, const fl::Registry& registry,
                                const secure::TlsCredentials& credentials, const std::string& out_dir,
                                const ServeOptions& options, const fl::RoundCallback& on_round) {
  check_servable(config);
  const auto num_clients = static_cast<int>(config.get_int("partition.num_clients"));
  secure::TlsListener listener(credentials, options.host, options.port, options.tls);
  spdlog::info("serving on port {}: waiting for {} clients", listener.port(), num_clients);
  if (options.on_listening) options.on_listening(listener.port());
  auto connections =
      std::make_shared<std::map<int, secure::TlsConnection>>(accept_run_clients(listener, num_clients));

  // The simulator's server with the connected clients as its transport.
  fl::Registry networked = registry;
  networked.add_transport(kTlsTransport, [connections](const fl::Config&) {
    return std::make_unique<TlsServerTransport>(std::move(*connections));
  });
  const fl::Config served = fl::Config::parse(config.to_yaml(), {{"transport.name", kTlsTransport}},
                                              networked.schema(), "fedsec serve");
  return fl::run_experiment(served, networked, out_dir, on_round);
}

int join_experiment(const fl::Config& config, const fl::Registry& registry,
                    const secure::TlsCredentials& credentials, const JoinOptions& options) {
  check_servable(config);
  fl::Simulation client_side(config, registry);
  secure::TlsConnection connection =
      secure::tls_connect(credentials, options.host, options.port, options.tls);
  spdlog::info("client {}: connected to {}", options.client, connection.peer_address());
  int answered = 0;
  while (true) {
    std::optional<secure::Bytes> down = connection.receive();
    if (!down) throw secure::NetworkError("the server closed the connection before the run ended");
    if (down->empty()) break;  // the run is over
    connection.send(client_side.answer(options.client, *down));
    ++answered;
  }
  connection.close();
  spdlog::info("client {}: run over after {} rounds answered", options.client, answered);
  return answered;
}

}  // namespace fedsec::privacy
