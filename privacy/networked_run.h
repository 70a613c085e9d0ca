#pragma once
// A federated run across processes (fedsec serve, fedsec join): the server and each client load
// the same config, so they build the same data, partition, model and random streams, and run the
// same code as the in-process simulator; only the messages cross TCP, inside TLS 1.3 with mutual
// certificate authentication against the run's authority (fedsec certs). For the same config and
// seed the final model equals the in-process run's.
//
// transport.name plain sends each update over its TLS connection (TLS already authenticates and
// encrypts every message); secagg and secagg+ run secure aggregation on top, so that the server
// learns only the sum (privacy/remote_transport.h). Other transports are refused.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "fl/experiment.h"
#include "privacy/secure/tls_context.h"

namespace fedsec::privacy {

struct ServeOptions {
  std::string host;   // "" listens on every interface
  uint16_t port = 0;  // 0: one the kernel picks (reported through on_listening)
  secure::TlsOptions tls;
  std::function<void(uint16_t port)> on_listening;  // called once the port is open
};

// Waits for every client of the run (partition.num_clients of them) to connect and authenticate,
// refusing and logging any other connection, then runs the experiment as run_experiment() does and
// writes the same results files. `credentials`: the server's (secure::load_run_credentials).
// Throws UsageError on a config it cannot serve, NetworkTimeout when the clients do not come.
nlohmann::json serve_experiment(const fl::Config& config, const fl::Registry& registry,
                                const secure::TlsCredentials& credentials, const std::string& out_dir,
                                const ServeOptions& options, const fl::RoundCallback& on_round = {});

struct JoinOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  int client = 0;
  secure::TlsOptions tls;
};

// Connects as client `options.client` with its `credentials`, answers every round the server asks it to take
// part in, and returns the number of rounds answered once the server ends the run. Throws NetworkError
// (TlsHandshakeError when the server refuses the certificate) if the connection fails.
int join_experiment(const fl::Config& config, const fl::Registry& registry,
                    const secure::TlsCredentials& credentials, const JoinOptions& options);

}  // namespace fedsec::privacy
