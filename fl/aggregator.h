#pragma once
// Aggregation rules: combine the round's client updates into one. The mean is the default;
// robust rules (median, trimmed mean, Krum, ...) implement the same interface in defenses/.

#include "fl/tensor.h"

namespace fedsec::fl {

class Aggregator {
 public:
  virtual ~Aggregator() = default;
  // updates: n x d float32, one row per client (n >= 1); rows may hold NaN or Inf (faulty or
  // malicious clients). weights: n float64 sample counts (> 0). Returns a finite d-vector when at
  // least one row is finite; each rule documents what it does with non-finite rows and whether
  // it uses the weights.
  virtual torch::Tensor aggregate(const torch::Tensor& updates, const torch::Tensor& weights) = 0;
  // Throws UsageError when the rule cannot run on n updates per round (e.g. Krum needs
  // n >= 2f+3), so that a config is refused before any round runs.
  virtual void check_clients(int64_t /*n*/) const {}
  // True when the result is the sample-weighted mean of the rows and nothing else, so that it
  // can be computed from their weighted sum alone (under secure aggregation).
  virtual bool is_weighted_mean() const { return false; }
};

// Mean of the rows weighted by sample count (FedAvg's rule). Rows holding NaN or Inf are left
// out; throws UsageError if no row is finite.
class WeightedMeanAggregator final : public Aggregator {
 public:
  torch::Tensor aggregate(const torch::Tensor& updates, const torch::Tensor& weights) override;
  bool is_weighted_mean() const override { return true; }
};

}  // namespace fedsec::fl
