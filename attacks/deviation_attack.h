#pragma once
// Min-max and min-sum (Shejwalkar and Houmansadr, NDSS 2021): every attacker sends
// v = mu - gamma * p, with mu the mean of the honest updates x_1..x_h and p a deviation direction,
// and gamma as large as the search below finds while v stays as close to the honest updates as
// they are to each other:
//   min-max: max_i ||v - x_i||^2 <= max_{i,j} ||x_i - x_j||^2
//   min-sum: sum_i ||v - x_i||^2 <= min_i sum_j ||x_i - x_j||^2
// The search is the paper's: start at gamma0 = 10 with step gamma0 / 2, step up after a success
// and down after a failure, halving the step, until the last success is within 1e-5 of the probe.
// With the squared distances written as quadratics in gamma, each probe costs O(h), not O(hd).

#include "attacks/forged_update.h"

namespace fedsec::attacks {

// p: the honest updates' coordinate-wise standard deviation ("std", usually the strongest), the
// unit vector of their mean ("unit_vec"), or the sign of their mean ("sign").
enum class DeviationDirection { StdDev, UnitMean, SignMean };
enum class DeviationBound { MaxDistance, SumDistance };  // min-max, min-sum

// "std", "unit_vec" or "sign"; throws fedsec::UsageError otherwise.
DeviationDirection parse_deviation_direction(const std::string& name);

// The direction p for an h x d honest matrix (h >= 1), as a d-vector.
torch::Tensor deviation_direction(const torch::Tensor& honest, DeviationDirection direction);

// gamma found by the search for honest updates (h x d) and direction p (d).
double deviation_scale(const torch::Tensor& honest, const torch::Tensor& direction, DeviationBound bound);

class DeviationClient final : public OmniscientAttack {
 public:
  DeviationClient(DeviationBound bound, DeviationDirection direction)
      : bound_(bound), direction_(direction) {}

 protected:
  torch::Tensor forge(const torch::Tensor& honest, const fl::ClientContext& context) const override;

 private:
  DeviationBound bound_;
  DeviationDirection direction_;
};

}  // namespace fedsec::attacks
