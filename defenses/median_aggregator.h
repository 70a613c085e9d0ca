#pragma once
// Coordinate-wise median of the client updates (Yin et al. 2018). Ignores sample weights.
// For an even number of rows it returns the mean of the two middle values.

#include "fl/aggregator.h"

namespace fedsec::defenses {

class MedianAggregator final : public fl::Aggregator {
 public:
  torch::Tensor aggregate(const torch::Tensor& updates, const torch::Tensor& weights) override;
};

}  // namespace fedsec::defenses
