#pragma once
// Coordinate-wise median (Yin, Chen, Ramchandran, Bartlett, ICML 2018). For even n it is the mean
// of the two middle values (NumPy's convention; torch.median returns the lower one). Requires
// n >= 2f+1; ignores sample weights.

#include "defenses/rule.h"

namespace fedsec::defenses {

class MedianRule final : public Rule {
 public:
  bool accepts(int64_t n, int64_t f) const override { return n >= 2 * f + 1; }
  std::string requirement() const override { return "n >= 2f+1"; }
  torch::Tensor combine(const torch::Tensor& x, const torch::Tensor& weights, int64_t f) override;
  // coordinate_stat yields NaN at every coordinate where a row is not finite.
  bool propagates_nonfinite() const override { return true; }
};

}  // namespace fedsec::defenses
