#include "fl/aggregator.h"

namespace fedsec::fl {

torch::Tensor WeightedMeanAggregator::aggregate(const torch::Tensor& updates, const torch::Tensor& weights) {
  auto w = (weights / weights.sum()).to(updates.scalar_type());
  return w.matmul(updates);
}

}  // namespace fedsec::fl
