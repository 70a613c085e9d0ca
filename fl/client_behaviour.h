#pragma once
// Client behaviour: how a client answers the server. Honest clients do what the strategy asks;
// attacks (sign flip, label flip, ...) implement the same interface and replace honest clients.

#include "fl/tensor.h"

#include <vector>

#include "fl/dataset.h"
#include "fl/local_trainer.h"
#include "fl/model.h"
#include "fl/privacy_mechanism.h"
#include "fl/rng.h"
#include "fl/strategy.h"

namespace fedsec::fl {

// Everything a client may use for one round. `model` already holds the global parameters.
struct ClientContext {
  int round = 0;
  int client = 0;
  ClientTask task = ClientTask::LocalTraining;
  const Dataset* data = nullptr;
  const std::vector<int64_t>* samples = nullptr;  // this client's shard
  const torch::Tensor* global = nullptr;          // global parameters (read-only)
  Model* model = nullptr;                         // a worker's replica, free to modify
  LocalSgdOptions sgd;
  int64_t gradient_chunk = 256;
  Rng* rng = nullptr;                         // private to (round, client)
  const PrivacyMechanism* privacy = nullptr;  // trains the client when set (e.g. DP-SGD)
  int participants = 0;                       // clients taking part in this round (n)
  int attackers = 0;                          // attacking clients among them (f)
  // Omniscient behaviours only: the updates this round's honest participants sent, one per row.
  const torch::Tensor* honest_updates = nullptr;
};

struct ClientReply {
  torch::Tensor update;  // delta or gradient, per the task
  double train_loss = 0.0;
};

class ClientBehaviour {
 public:
  virtual ~ClientBehaviour() = default;
  virtual ClientReply respond(ClientContext& context) = 0;
  // An omniscient behaviour answers after the round's honest clients, seeing their updates in
  // ClientContext::honest_updates (ALIE, IPM, min-max, ...).
  virtual bool omniscient() const { return false; }
};

// What an honest client replies, training on the given labels (normally data->labels).
ClientReply honest_reply(ClientContext& context, const torch::Tensor& labels);

class HonestClient final : public ClientBehaviour {
 public:
  ClientReply respond(ClientContext& context) override;
};

}  // namespace fedsec::fl
