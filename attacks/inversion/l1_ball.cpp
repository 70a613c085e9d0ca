#include "attacks/inversion/l1_ball.h"

#include <stdexcept>

namespace fedsec::attacks {

torch::Tensor project_l1_ball(const torch::Tensor& deviation, double radius) {
  if (radius < 0) throw std::invalid_argument("l1 ball radius must be >= 0");
  torch::NoGradGuard no_grad;
  const auto v = deviation.reshape({deviation.size(0), -1}).to(torch::kFloat64);
  const auto magnitude = v.abs();
  const auto outside = magnitude.sum(1) > radius;
  if (!outside.any().item<bool>()) return deviation.clone();
  // theta: the soft threshold that brings the l1 norm to the radius (Duchi et al., Fig. 1).
  const auto sorted = std::get<0>(magnitude.sort(1, /*descending=*/true));
  const auto cumulative = sorted.cumsum(1);
  const auto index = torch::arange(1, v.size(1) + 1, v.options());
  const auto positive = (sorted - (cumulative - radius) / index) > 0;
  // rho: the last index where the condition holds (the condition holds on a prefix).
  const auto rho = (positive.to(torch::kInt64).sum(1) - 1).clamp_min(0);
  const auto theta =
      ((cumulative.gather(1, rho.unsqueeze(1)) - radius) / (rho + 1).unsqueeze(1).to(v.dtype()))
          .clamp_min(0.0);
  const auto projected = v.sign() * (magnitude - theta).clamp_min(0.0);
  const auto result = torch::where(outside.unsqueeze(1), projected, v);
  return result.to(deviation.scalar_type()).view(deviation.sizes());
}

}  // namespace fedsec::attacks
