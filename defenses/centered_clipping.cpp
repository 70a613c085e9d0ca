#include "defenses/centered_clipping.h"

#include "defenses/coordinate_stats_tensor.h"
#include "defenses/geometric_median.h"

namespace fedsec::defenses {

torch::Tensor CenteredClippingRule::combine(const torch::Tensor& x, const torch::Tensor&, int64_t) {
  const int64_t n = x.size(0), d = x.size(1);
  if (!centre_.defined() || centre_.numel() != d) centre_ = torch::zeros({d}, torch::kFloat32);
  torch::Tensor v = centre_;
  std::vector<float> scale(static_cast<size_t>(n));
  for (int64_t l = 0; l < iterations_; ++l) {
    const auto dist = row_distances(x, v);
    double kept = 0.0;
    for (int64_t i = 0; i < n; ++i) {
      const double c = dist[i] > tau_ ? tau_ / dist[i] : 1.0;
      scale[i] = static_cast<float>(c / static_cast<double>(n));
      kept += c / static_cast<double>(n);
    }
    // v + (1/n) sum c_i (x_i - v) = (1 - sum c_i / n) v + sum (c_i / n) x_i
    v = weighted_row_sum(x, scale.data()).add_(v, 1.0 - kept);
  }
  centre_ = v;
  return v.clone();
}

}  // namespace fedsec::defenses
