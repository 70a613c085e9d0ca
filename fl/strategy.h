#pragma once
// Strategies: the server-side policy of a federated algorithm: who participates, what clients
// are asked to compute, and how the aggregate becomes a step of the global model.

#include "fl/tensor.h"

#include <vector>

#include "fl/rng.h"

namespace fedsec::fl {

enum class ClientTask {
  LocalTraining,  // run local SGD, reply with (local parameters - global parameters)
  FullGradient,   // reply with the mean loss gradient over the whole shard
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual ClientTask task() const = 0;
  // The round's participants: `count` distinct clients out of num_clients, ascending. The default
  // samples uniformly without replacement in O(count log count) (Floyd's algorithm).
  virtual std::vector<int> select_clients(int num_clients, int count, Rng& rng) const;
  // The direction the server optimizer descends along, given the aggregated client update.
  virtual torch::Tensor pseudo_gradient(const torch::Tensor& aggregate) const = 0;
};

// FedAvg (McMahan et al. 2017): clients train locally; the global model moves by the averaged
// delta (server lr 1, no momentum gives plain FedAvg; otherwise FedAvgM).
class FedAvgStrategy final : public Strategy {
 public:
  ClientTask task() const override { return ClientTask::LocalTraining; }
  torch::Tensor pseudo_gradient(const torch::Tensor& aggregate) const override { return -aggregate; }
};

// FedSGD: clients send full-batch gradients; the server takes one gradient step with server.lr.
class FedSgdStrategy final : public Strategy {
 public:
  ClientTask task() const override { return ClientTask::FullGradient; }
  torch::Tensor pseudo_gradient(const torch::Tensor& aggregate) const override { return aggregate; }
};

// Server optimizer: v = momentum * v + g; w -= lr * v.
class ServerOptimizer {
 public:
  ServerOptimizer(double lr, double momentum) : lr_(lr), momentum_(momentum) {}
  void step(torch::Tensor& params, const torch::Tensor& pseudo_gradient);

 private:
  double lr_, momentum_;
  torch::Tensor velocity_;
};

}  // namespace fedsec::fl
