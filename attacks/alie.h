#pragma once
// "A Little Is Enough" (Baruch, Baruch and Goldberg, NeurIPS 2019): every attacker sends
// mu - z * sigma, with mu and sigma the coordinate-wise mean and standard deviation of the honest
// updates. Unless z is fixed, it follows the paper's Algorithm 1 for n participants of which f
// attack: s = floor(n/2 + 1) - f supporters are needed, and z = Phi^-1((n - s) / n).
// (epfml, Blades and the Flag Aggregator code use Phi^-1((n - f - s) / (n - f)) instead, a
// smaller z: 0.210 rather than 0.431 at n = 15, f = 3; set attack.alie.z to use it.)

#include "attacks/forged_update.h"

namespace fedsec::attacks {

// Phi^-1(p), the standard normal quantile, for p in (0, 1); accurate to about 1e-12.
double normal_quantile(double p);

// The paper's z for n participants with f attackers; s is clamped to at least 1.
double alie_z(int n, int f);

class AlieClient final : public OmniscientAttack {
 public:
  explicit AlieClient(double fixed_z) : fixed_z_(fixed_z) {}  // fixed_z <= 0: the paper's z

 protected:
  torch::Tensor forge(const torch::Tensor& honest, const fl::ClientContext& context) const override;

 private:
  double fixed_z_;
};

}  // namespace fedsec::attacks
