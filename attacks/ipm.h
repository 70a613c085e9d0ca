#pragma once
// Inner Product Manipulation (Xie, Koyejo and Gupta, "Fall of Empires", UAI 2019): every attacker
// sends -epsilon times the mean of the honest updates. A small epsilon (0.1) targets median- and
// Krum-type rules, a large one (100) mean-like rules.

#include "attacks/forged_update.h"

namespace fedsec::attacks {

class IpmClient final : public OmniscientAttack {
 public:
  explicit IpmClient(double epsilon) : epsilon_(epsilon) {}

 protected:
  torch::Tensor forge(const torch::Tensor& honest, const fl::ClientContext& context) const override;

 private:
  double epsilon_;
};

}  // namespace fedsec::attacks
