#pragma once
// Bulyan (El Mhamdi, Guerraoui, Rouault, ICML 2018), the reference algorithm (not Garfield's
// variant): select theta = n - 2f updates by Krum one at a time, recomputing the scores on the
// remaining updates after each removal; then, per coordinate, average the beta = theta - 2f
// selected values closest to their median (as MeaMed). Requires n >= 4f+3; ignores sample
// weights. One n x n Gram product gives every distance.

#include "defenses/rule.h"

namespace fedsec::defenses {

class BulyanRule final : public Rule {
 public:
  bool accepts(int64_t n, int64_t f) const override { return n >= 4 * f + 3; }
  std::string requirement() const override { return "n >= 4f+3"; }
  torch::Tensor combine(const torch::Tensor& x, const torch::Tensor& weights, int64_t f) override;
};

}  // namespace fedsec::defenses
