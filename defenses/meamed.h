#pragma once
// MeaMed, mean around the median (Xie, Koyejo, Gupta, "Generalized Byzantine-tolerant SGD",
// 2018): per coordinate, the mean of the n - f values closest to the median (median as in
// median.h; on a tie in distance the window of smaller values wins). Requires n >= 2f+1; ignores
// sample weights.

#include "defenses/rule.h"

namespace fedsec::defenses {

class MeaMedRule final : public Rule {
 public:
  bool accepts(int64_t n, int64_t f) const override { return n >= 2 * f + 1; }
  std::string requirement() const override { return "n >= 2f+1"; }
  torch::Tensor combine(const torch::Tensor& x, const torch::Tensor& weights, int64_t f) override;
  // coordinate_stat yields NaN at every coordinate where a row is not finite.
  bool propagates_nonfinite() const override { return true; }
};

}  // namespace fedsec::defenses
