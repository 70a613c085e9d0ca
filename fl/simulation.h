#pragma once
// The in-process federated learning simulator: one server, many cheap clients (an index list
// each), and a few worker threads that own model replicas and train the round's participants.
// Every random stream is keyed by (seed, purpose, round, client), so the same config gives
// bit-identical results whatever federation.threads is.

#include "fl/tensor.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fl/components.h"
#include "fl/config.h"
#include "fl/dataset.h"
#include "fl/model.h"
#include "fl/partition.h"

namespace fedsec::fl {

struct RoundRecord {
  int round = 0;
  std::vector<int> participants;
  double train_loss = 0.0;              // sample-weighted mean of the clients' local losses
  std::optional<double> test_accuracy;  // set on evaluation rounds
  std::optional<double> test_loss;
  int64_t bytes_up = 0;
  int64_t bytes_down = 0;
  int nonfinite_updates = 0;             // updates with NaN/Inf or the wrong size (see Aggregator)
  int64_t rejected_messages = 0;         // messages the transport rejected and did not deliver
  std::string failure;                   // why the model did not move this round (empty when it did)
  std::optional<PrivacyReport> privacy;  // cumulative guarantee, when dp.mode is not none
  double wall_seconds = 0.0;
};

class Simulation {
 public:
  // Checks cross-key constraints (UsageError), loads the data (DataFileError), partitions it,
  // and builds the model and components named in the config.
  Simulation(const Config& config, const Registry& registry);
  ~Simulation();

  // Runs the next round and returns what happened.
  RoundRecord run_round();
  bool finished() const { return round_ >= total_rounds_; }
  int total_rounds() const { return total_rounds_; }

  const torch::Tensor& global_params() const { return global_; }
  const Shards& shards() const { return shards_; }
  const ParamLayout& layout() const { return replicas_.front()->layout(); }
  // The attacking clients (attack.num_clients of them, placed per attack.placement), ascending.
  const std::vector<int>& attackers() const { return attackers_; }

  // The client side of a round, for a client running in its own process (fedsec join): decodes
  // the server's global-model message, runs `client`'s step exactly as run_round() would in
  // process, and returns its encoded update. Throws MessageFormatError on bytes that are not a
  // global model of this experiment, UsageError on a client id outside it.
  Bytes answer(int client, const Bytes& down);

  // What a client in its own process offers to a summing transport's round (secure aggregation
  // across processes): the round of the server's global-model message, its participants, and the
  // vector [c u, c, c loss, c] of `client`'s step, exactly as run_round() would offer it in
  // process. Throws like answer().
  struct SumOffer {
    int round = 0;
    std::vector<int> participants;
    std::vector<float> vector;
  };
  SumOffer offer(int client, const Bytes& down);

 private:
  struct ClientResult;
  struct RoundView;
  // One client's update for the round of `global`, before any transport.
  Message run_client(int client, Model& replica, const Message& global, const RoundView& view) const;
  // The model down through the transport, the client's step, the update up: what the server got.
  ClientResult run_client_through_transport(int client, Model& replica, const Bytes& down,
                                            const RoundView& view);
  // The client's step on the server's global-model message `down`, after checking it.
  Message client_step(int client, const Bytes& down);
  std::vector<int> participants_of(int round) const;
  RoundView view_of(const std::vector<int>& participants) const;
  // Runs the given participant slots on the worker threads, each result in its own slot.
  void run_clients(const std::vector<int>& participants, const std::vector<size_t>& slots, const Bytes& down,
                   const RoundView& view, std::vector<ClientResult>& results);
  // The round's aggregate from the individual updates the server received, or from their sum
  // under a summing transport; undefined (with record.failure set) when there is none.
  torch::Tensor aggregate_updates(const std::vector<ClientResult>& results, RoundRecord& record);
  torch::Tensor aggregate_sum(const std::vector<ClientResult>& results, RoundRecord& record);
  // The same when the clients run remotely and sum among themselves (exchange_for_sum).
  torch::Tensor aggregate_remote_sum(const Bytes& down, RoundRecord& record);
  // What a client offers to the round's sum for its update `m`: [c u, c, c loss, c], with c its
  // sample count over the mean shard size (1 when the mechanism sums unweighted).
  std::vector<float> offered_vector(const Message& m) const;
  // The round's aggregate from the sum the transport revealed.
  torch::Tensor aggregate_from_sum(const SecureSum& sum, RoundRecord& record);

  Config config_;
  const Registry& registry_;
  uint64_t seed_;
  int round_ = 0;
  int total_rounds_;
  std::shared_ptr<const Dataset> train_, test_;
  Shards shards_;
  std::vector<std::unique_ptr<Model>> replicas_;  // one per worker thread
  torch::Tensor global_;
  std::unique_ptr<Strategy> strategy_;
  std::unique_ptr<Aggregator> aggregator_;
  std::unique_ptr<Transport> transport_;
  std::unique_ptr<PrivacyMechanism> privacy_;  // null for dp.mode: none
  std::unique_ptr<ClientBehaviour> honest_, attacker_;
  std::vector<int> attackers_;
  std::vector<char> is_attacker_;  // by client id
  std::vector<std::unique_ptr<UpdateTransform>> client_transforms_, server_transforms_;
  ServerOptimizer server_optimizer_;
  double mean_shard_size_ = 1.0;  // public scale of the weights offered to a summing transport
  torch::Tensor updates_;         // reused n x d buffer
};

}  // namespace fedsec::fl
