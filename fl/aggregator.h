#pragma once
// Aggregation rules: combine the round's client updates into one. The mean is the default;
// robust rules (median, trimmed mean, Krum, ...) implement the same interface in defenses/.

#include "fl/tensor.h"

namespace fedsec::fl {

class Aggregator {
 public:
  virtual ~Aggregator() = default;
  // updates: n x d float32, one row per client (n >= 1); weights: n float64 sample counts (> 0).
  // Returns a d-vector. Rules that ignore weights say so in their documentation.
  virtual torch::Tensor aggregate(const torch::Tensor& updates, const torch::Tensor& weights) = 0;
};

// Mean of the rows weighted by sample count (FedAvg's rule).
class WeightedMeanAggregator final : public Aggregator {
 public:
  torch::Tensor aggregate(const torch::Tensor& updates, const torch::Tensor& weights) override;
};

}  // namespace fedsec::fl
