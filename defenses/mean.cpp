#include "defenses/mean.h"

#include "defenses/coordinate_stats_tensor.h"

namespace fedsec::defenses {

torch::Tensor MeanRule::combine(const torch::Tensor& x, const torch::Tensor& weights, int64_t) {
  const auto w = (weights / weights.sum()).to(torch::kFloat32).contiguous();
  return weighted_row_sum(x, w.data_ptr<float>());
}

}  // namespace fedsec::defenses
