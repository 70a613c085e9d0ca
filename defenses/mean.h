#pragma once
// The mean weighted by sample count (McMahan et al., FedAvg, AISTATS 2017). Not robust: one
// update moves it arbitrarily far. No requirement on n and f.

#include "defenses/rule.h"

namespace fedsec::defenses {

class MeanRule final : public Rule {
 public:
  bool accepts(int64_t, int64_t) const override { return true; }
  std::string requirement() const override { return "nothing"; }
  torch::Tensor combine(const torch::Tensor& x, const torch::Tensor& weights, int64_t f) override;
  bool propagates_nonfinite() const override { return true; }
  bool is_weighted_mean() const override { return true; }
};

}  // namespace fedsec::defenses
