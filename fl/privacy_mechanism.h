#pragma once
// Differential privacy inside the simulator. A mechanism (selected by `dp.mode`; privacy/ provides
// them) is consulted at four points of a round: how a client trains, what it does to its update
// before sending, how the server aggregates, and what the round costs in privacy. With
// `dp.mode: none` no mechanism is built and the simulator behaves as without this header.

#include "fl/tensor.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fl/aggregator.h"
#include "fl/dataset.h"
#include "fl/local_trainer.h"
#include "fl/model.h"
#include "fl/rng.h"

namespace fedsec::fl {

// The guarantee certified for everything released so far.
struct PrivacyReport {
  double epsilon = 0;  // NaN on a round whose epsilon was not computed (the PLD accountant's schedule)
  double delta = 0;
  std::string accountant;
  std::optional<double> best_order;  // RDP accountants only
  double noise_multiplier = 0;       // the one in use (calibrated when a target was set)
  // The release stream behind epsilon (the worst one): its sampling rate and the releases
  // composed so far, so that `fedsec account --q sample_rate --sigma noise_multiplier --steps
  // steps` reproduces epsilon.
  double sample_rate = 0;
  int64_t steps = 0;
};

class PrivacyMechanism {
 public:
  virtual ~PrivacyMechanism() = default;

  // A client's local training; the default is plain local SGD. Must be thread-safe (const).
  virtual LocalResult train(Model& model, const Dataset& data, const torch::Tensor& labels,
                            const std::vector<int64_t>& samples, const LocalSgdOptions& options,
                            Rng& rng) const {
    return train_local_sgd(model, data, labels, samples, options, rng);
  }

  // Client side, after the client transforms: rewrites the update before it is sent.
  // `rng` is private to (round, client). Must be thread-safe (const).
  virtual void privatize_update(torch::Tensor& /*update*/, Rng& /*rng*/) const {}

  // Server side: the aggregate of the round's finite updates (n x d) with their weights. The
  // default defers to the configured aggregator. `rng` is private to the round.
  virtual torch::Tensor aggregate(const torch::Tensor& updates, const torch::Tensor& weights,
                                  Aggregator& aggregator, Rng& /*rng*/) {
    return aggregator.aggregate(updates, weights);
  }

  // Under a transport that reveals only the sum of the updates (secure aggregation) the server
  // learns sum = sum_i c_i u_i and weight_total = sum_i c_i over the `contributors` clients, with
  // c_i = 1 when sums_unweighted(), else c_i proportional to the client's sample count.
  virtual bool sums_unweighted() const { return false; }
  // The aggregate from that sum (default: the weighted mean sum / weight_total), or an undefined
  // tensor when the mechanism cannot release this round (the model then stays as it is).
  virtual torch::Tensor aggregate_sum(torch::Tensor sum, double weight_total, int /*contributors*/,
                                      Rng& /*rng*/) {
    return sum.div_(weight_total);
  }

  // Records the round's releases (participants: how many clients took part) and returns the
  // cumulative guarantee.
  virtual PrivacyReport account_round(int participants) = 0;
};

}  // namespace fedsec::fl
