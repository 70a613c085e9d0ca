#pragma once
// One secure-aggregation round run in process: every client and the server exchange the
// protocol's messages as bytes, clients drop out at each stage with the configured
// probabilities, and the result is the decoded sum of the surviving clients' updates, or a
// failed round with the reason. Every message is counted, and the CPU time of every party is
// measured, per client and stage.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "privacy/secure/bytes.h"
#include "privacy/secure/fixed_point.h"
#include "privacy/secure/secagg_config.h"

namespace fedsec::secure {

// Bytes of the protocol messages one client sent (up) and received (down) in one stage.
struct StageBytes {
  int64_t up = 0;
  int64_t down = 0;
};
using ClientTraffic = std::array<StageBytes, 5>;  // indexed by SecAggStage
// CPU seconds (of the thread running the round) spent in one party's protocol code, per stage.
using StageSeconds = std::array<double, 5>;  // indexed by SecAggStage

struct SecAggResult {
  bool ok = false;
  std::string error;                        // why the round failed (empty when ok)
  std::optional<SecAggStage> failed_stage;  // where it failed
  std::vector<int> contributors;            // U3: whose updates are in the sum, ascending
  // Clients that dropped, indexed like the fields of DropoutRates.
  std::array<std::vector<int>, 4> dropped;
  std::vector<uint32_t> encoded_sum;     // sum of the contributors' encodings mod 2^32
  std::vector<double> sum;               // decoded; within error_bound of the clipped inputs' sum
  double scale = 0.0;                    // fixed-point scale used
  double error_bound = 0.0;              // FixedPointCodec::error_bound(contributors.size())
  std::map<int, ClientTraffic> traffic;  // every participant, by client id
  // Every participant's CPU time, by client id (encoding its input and making its keys count in
  // AdvertiseKeys), and the server's (decoding the sum counts in Unmasking).
  std::map<int, StageSeconds> client_cpu_seconds;
  StageSeconds server_cpu_seconds{};
  std::vector<Bytes> server_view;  // every message the server received, if recorded
};

// The clients of a round as the server's side of the protocol sees them: in process
// (run_secure_aggregation) or in other processes (privacy/tls_transport.h).
class SecAggClientGroup {
 public:
  virtual ~SecAggClientGroup() = default;
  // Delivers the server's messages of the previous stage (`replies`, keyed by client; null for
  // AdvertiseKeys, where every participant is asked) and returns the messages the clients send at
  // `stage`, keyed by sender. A client missing from the result has dropped out.
  virtual std::map<int, Bytes> step(SecAggStage stage, const std::map<int, Bytes>* replies) = 0;
};

// The server's side of one round among setup.participants() with `clients` answering: sets
// result's ok, error, failed_stage, contributors, encoded_sum, sum, scale, error_bound and
// server_cpu_seconds. Protocol aborts, malformed messages and crypto failures (from the server or
// thrown by `clients`) end in a failed result, never an exception.
void serve_secure_aggregation(const SecAggSetup& setup, const FixedPointCodec& codec,
                              SecAggClientGroup& clients, SecAggResult& result);

// The fixed-point codec of a round among `participants` clients under `config`.
FixedPointCodec round_codec(const SecAggConfig& config, size_t participants);

// Whether `client` vanishes after `stage` (AdvertiseKeys .. ConsistencyCheck) of `round` under
// config.dropout: the same seeded draw wherever the client runs.
bool drops_after(const SecAggConfig& config, SecAggStage stage, int round, int client);

// Runs one round. inputs[i] is the update of participants[i]; all have the same length.
// Throws SecAggConfigError for configurations or inputs that cannot run (nothing else escapes:
// protocol aborts, malformed messages and crypto failures become a failed result).
SecAggResult run_secure_aggregation(const SecAggConfig& config, int round,
                                    const std::vector<int>& participants,
                                    const std::vector<std::vector<float>>& inputs);

// Bytes per client for the round, from the messages actually sent.
struct TrafficSummary {
  double mean_up = 0.0;  // over all participants
  double mean_down = 0.0;
  int64_t max_up = 0;
  int64_t max_down = 0;
};
TrafficSummary bytes_per_client(const SecAggResult& result);

}  // namespace fedsec::secure
