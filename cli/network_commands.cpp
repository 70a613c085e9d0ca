#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "fedsec.h"
#include "privacy/networked_run.h"
#include "privacy/secure/certificate.h"
#include "privacy/secure/run_certificates.h"

namespace fedsec::cli {
namespace {

struct CommonOptions {
  std::string config;
  std::vector<std::string> overrides;
  std::string certs;
  std::string host;
  int port = 0;
  double timeout_s = 600;
};

void add_common(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("config", o.config, "Experiment YAML file (the same for the server and every client)")
      ->required();
  cmd->add_option("overrides", o.overrides, "Config overrides, key.path=value");
  cmd->add_option("--certs", o.certs, "Directory written by fedsec certs")->required();
  cmd->add_option("--timeout", o.timeout_s, "Longest wait for a message, seconds")
      ->check(CLI::PositiveNumber);
}

fl::Config load_config(const CommonOptions& o, const fl::Registry& registry) {
  std::vector<fl::Override> overrides;
  for (const auto& text : o.overrides) overrides.push_back(fl::parse_override(text));
  return fl::Config::load(o.config, overrides, registry.schema());
}

}  // namespace

void add_serve_command(CLI::App& app) {
  struct Options : CommonOptions {
    std::string out;
    std::string port_file;
    double wait_s = 300;
  };
  auto o = std::make_shared<Options>();
  auto* cmd =
      app.add_subcommand("serve",
                         "Serve a networked run over TLS 1.3: fedsec serve CONFIG --certs DIR --out DIR "
                         "[--port P]; waits for every client (fedsec join), then trains");
  add_common(cmd, *o);
  cmd->add_option("--out", o->out, "Results directory")->required();
  cmd->add_option("--host", o->host, "Address to listen on (default: every interface)");
  cmd->add_option("--port", o->port, "TCP port (default 0: one the system picks)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--port-file", o->port_file, "Write the port listened on to this file");
  cmd->add_option("--wait", o->wait_s, "Longest wait for the next client to join, seconds")
      ->check(CLI::PositiveNumber);
  cmd->callback([o] {
    const fl::Registry registry = make_registry();
    const fl::Config config = load_config(*o, registry);
    privacy::ServeOptions serve;
    serve.host = o->host;
    serve.port = static_cast<uint16_t>(o->port);
    serve.tls.accept_timeout_s = o->wait_s;
    serve.tls.io_timeout_s = o->timeout_s;
    serve.on_listening = [&](uint16_t port) {
      if (o->port_file.empty()) return;
      std::ofstream(o->port_file) << port << "\n";
    };
    const auto credentials = secure::load_run_credentials(o->certs, secure::kServerParty);
    const auto summary = privacy::serve_experiment(
        config, registry, credentials, o->out, serve, [](const fl::RoundRecord& r, int total) {
          spdlog::info("round {}/{}: train loss {:.4f}, {:.2f} s", r.round, total, r.train_loss,
                       r.wall_seconds);
        });
    std::cout << summary.dump(2) << "\n";
  });
}

void add_join_command(CLI::App& app) {
  struct Options : CommonOptions {
    int client = 0;
  };
  auto o = std::make_shared<Options>();
  o->host = "127.0.0.1";
  o->timeout_s = 3600;
  auto* cmd = app.add_subcommand(
      "join", "Join a networked run as one client: fedsec join CONFIG --certs DIR --client-id K --port P");
  add_common(cmd, *o);
  cmd->add_option("--client-id", o->client, "This client's id (its certificate is client-K)")
      ->required()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--host", o->host, "The server's address (default 127.0.0.1)");
  cmd->add_option("--port", o->port, "The server's TCP port")->required()->check(CLI::Range(1, 65535));
  cmd->callback([o] {
    const fl::Registry registry = make_registry();
    const fl::Config config = load_config(*o, registry);
    privacy::JoinOptions join;
    join.host = o->host;
    join.port = static_cast<uint16_t>(o->port);
    join.client = o->client;
    join.tls.io_timeout_s = o->timeout_s;
    const int rounds =
        privacy::join_experiment(config, registry, secure::load_run_credentials(o->certs, o->client), join);
    std::cout << "client " << o->client << ": answered " << rounds << " rounds\n";
  });
}

}  // namespace fedsec::cli
