#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "privacy/secure/run_certificates.h"

namespace fedsec::cli {

void add_certs_command(CLI::App& app) {
  struct Options {
    std::string out;
    int clients = 0;
    int days = 30;
  };
  auto options = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("certs",
                                 "Create a networked run's authority and the TLS certificates of its server "
                                 "and clients: fedsec certs --out DIR --clients N [--days D]");
  cmd->add_option("--out", options->out, "Directory for ca.pem/.key, server.pem/.key, client-K.pem/.key")
      ->required();
  cmd->add_option("--clients", options->clients, "Number of clients (certificates client-0 .. client-N-1)")
      ->required()
      ->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--days", options->days, "Days the certificates stay valid (default 30)")
      ->check(CLI::Range(1, 36500));
  cmd->callback([options] {
    const auto files = secure::write_run_certificates(options->out, options->clients, options->days);
    std::cout << "run authority, server and " << options->clients << " client certificates, valid "
              << options->days << " days:\n";
    for (const auto& file : files) std::cout << "  " << file << "\n";
  });
}

}  // namespace fedsec::cli
