#include "fl/aggregator.h"

#include "fl/all_finite.h"
#include "fl/errors.h"

namespace fedsec::fl {

torch::Tensor WeightedMeanAggregator::aggregate(const torch::Tensor& updates, const torch::Tensor& weights) {
  if (all_finite(updates)) return (weights / weights.sum()).to(updates.scalar_type()).matmul(updates);
  const auto finite = torch::isfinite(updates).all(1);
  auto w = weights.to(torch::kFloat64) * finite.to(torch::kFloat64);
  if (w.sum().item<double>() <= 0) throw UsageError("mean: no update is finite");
  w = (w / w.sum()).to(updates.scalar_type());
  // Zero the left-out rows rather than multiply by 0: NaN * 0 is NaN.
  return w.matmul(updates.masked_fill(~finite.unsqueeze(1), 0));
}

}  // namespace fedsec::fl
