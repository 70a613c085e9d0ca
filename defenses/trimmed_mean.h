#pragma once
// Coordinate-wise trimmed mean (Yin, Chen, Ramchandran, Bartlett, ICML 2018): per coordinate, drop
// the b largest and b smallest values and average the n - 2b others. b = f when beta = 0 (as
// ByzFL and Garfield); otherwise b = floor(beta * n) (as Flower's FedTrimmedAvg), which must be at
// least f. Requires b >= f and n >= 2b+1; ignores sample weights.

#include "defenses/rule.h"

namespace fedsec::defenses {

class TrimmedMeanRule final : public Rule {
 public:
  explicit TrimmedMeanRule(double beta) : beta_(beta) {}
  bool accepts(int64_t n, int64_t f) const override;
  std::string requirement() const override;
  torch::Tensor combine(const torch::Tensor& x, const torch::Tensor& weights, int64_t f) override;
  // coordinate_stat yields NaN at every coordinate where a row is not finite.
  bool propagates_nonfinite() const override { return true; }

 private:
  int64_t trimmed(int64_t n, int64_t f) const;
  double beta_;
};

}  // namespace fedsec::defenses
