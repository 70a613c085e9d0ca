#pragma once
// Centered clipping (Karimireddy, He, Jaggi, "Learning from History for Byzantine Robust
// Optimization", ICML 2021): from a centre v repeat L times
//   v <- v + (1/n) sum_i (x_i - v) min(1, tau / ||x_i - v||).
// The centre is the previous round's output (zero in the first round, and for one-shot use), as
// in the paper where it is the server's momentum. Each update moves v by at most tau/n per
// iteration, so f updates move it by at most L f tau / n. Requires n >= 2f+1; ignores sample
// weights. Each iteration is two passes over the input: the distances, one matrix-vector product.

#include "defenses/rule.h"

namespace fedsec::defenses {

class CenteredClippingRule final : public Rule {
 public:
  CenteredClippingRule(double tau, int64_t iterations) : tau_(tau), iterations_(iterations) {}
  bool accepts(int64_t n, int64_t f) const override { return n >= 2 * f + 1; }
  std::string requirement() const override { return "n >= 2f+1"; }
  torch::Tensor combine(const torch::Tensor& x, const torch::Tensor& weights, int64_t f) override;

 private:
  double tau_;
  int64_t iterations_;
  torch::Tensor centre_;  // the previous output
};

}  // namespace fedsec::defenses
