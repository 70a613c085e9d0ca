#pragma once
// Transports for clients that run in other processes: over TLS connections (fedsec serve and
// fedsec join, privacy/networked_run.h) or over MPI ranks (mpirun fedsec run). Every process loads
// the same config and runs the simulator's own code; only frames cross between them.
//
// transport.name plain: the global-model message goes to the round's participants, each trains
// in its own process and answers with its update (fl::Simulation::answer).
//
// transport.name channel: as plain, with the global model and each update sealed in the run's
// secure channels (privacy/channel_transport.h), keyed from the config's seed in every process
// as in process, so the frames and their sizes equal the in-process run's (over TLS each frame
// also carries its 4-byte length prefix). The keys are then known to whoever has the config:
// across processes the channel reproduces the in-process run's frames, while TLS (fedsec serve)
// keeps outsiders out.
//
// transport.name secagg or secagg+: each participant trains, forms what it offers to the sum
// (fl::Simulation::offer) and runs its side of the protocol (secure::SecAggClient) with the
// server, so the server learns only the sum, as in process (privacy/secagg_transport.h). The
// clients' keys, mask seeds and Shamir coefficients come from OpenSSL's RAND_priv_bytes, never
// from the config's seed, which the server knows; the masks cancel exactly in the ring, so the
// sum, and the model, equal the in-process run's. transport.secagg.dropout.* still applies: a
// client the seeded draw takes out after a stage answers the rest of the round with empty frames.
// A client whose step fails on a server message that breaks the protocol's checks leaves the round
// the same way. The server's frames are the global-model message (which begins with the message
// encoding's magic) and the protocol's messages (which begin with their type tag); a client's
// frames are its protocol messages, or empty once it is out of the round.

#include <cstdint>
#include <map>
#include <memory>

#include "fl/simulation.h"
#include "fl/transport.h"
#include "privacy/secure/channel_network.h"
#include "privacy/secure/secagg_client.h"
#include "privacy/secure/secagg_config.h"

namespace fedsec::privacy {

// The clients of a run in other processes, as the server reaches them.
class RemoteClients {
 public:
  virtual ~RemoteClients() = default;
  // Sends each client of `outgoing` its frame, then reads one frame back from each, so that the
  // clients work at the same time. A client that cannot be reached any more is missing from the
  // result, from then on, and counted in take_lost(). Adds the frames' bytes to `up` and `down`.
  virtual std::map<int, fl::Bytes> round_trip(const std::map<int, fl::Bytes>& outgoing, int64_t& up,
                                              int64_t& down) = 0;
  // Clients lost since the last call.
  virtual int64_t take_lost() = 0;
};

// Whether a config's transport can run with its clients in other processes (plain, channel,
// secagg, secagg+); throws fedsec::UsageError naming the transport otherwise.
void check_remote_transport(const fl::Config& config);

// The server's transport for `clients`, chosen by the config's transport.name (check it first).
std::unique_ptr<fl::Transport> make_remote_transport(std::unique_ptr<RemoteClients> clients,
                                                     const fl::Config& config);

// One client's side: answers each frame of the server for client `client`.
class ClientEndpoint {
 public:
  // `simulation` (built from the run's config) must outlive the endpoint.
  ClientEndpoint(fl::Simulation& simulation, const fl::Config& config, int client);
  ~ClientEndpoint();

  // The reply to one non-empty frame from the server. Throws fl::MessageFormatError on a global
  // model that is not one of the run's.
  fl::Bytes answer(const fl::Bytes& frame);
  // Global models received so far: the rounds this client was asked to take part in.
  int rounds_joined() const { return rounds_; }

 private:
  fl::Bytes answer_sealed(const fl::Bytes& frame);
  fl::Bytes start_round(const fl::Bytes& model);
  fl::Bytes next_message(const fl::Bytes* from_server);

  fl::Simulation& simulation_;
  const fl::Config& config_;
  int client_;
  bool secure_sum_;
  std::unique_ptr<secure::ChannelNetwork> channel_;  // this client's end, with transport.name channel
  int rounds_ = 0;
  // The current secure-aggregation round; the client is out of it when protocol_ is null.
  secure::SecAggConfig round_config_;
  std::unique_ptr<secure::SecAggSetup> setup_;
  std::unique_ptr<secure::SecAggClient> protocol_;
  secure::SecAggStage stage_ = secure::SecAggStage::AdvertiseKeys;  // the next message to send
};

}  // namespace fedsec::privacy
