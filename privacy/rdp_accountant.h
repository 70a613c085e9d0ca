#pragma once
// RDP accountant for the Poisson-subsampled Gaussian mechanism, a port of Opacus' RDPAccountant
// (opacus/accountants/rdp.py and analysis/rdp.py): per-step RDP from Mironov, Talwar, Zhang 2019
// (see rdp_sampled_gaussian.h), composition by adding RDP curves (Mironov 2017, Prop. 1), and
// conversion to (epsilon, delta) (see rdp_conversion.h).

#include <cstdint>
#include <string>
#include <vector>

#include "privacy/accountant.h"
#include "privacy/rdp_conversion.h"

namespace fedsec::privacy {

// Opacus' RDPAccountant.DEFAULT_ALPHAS: 1.1, 1.2, ..., 10.9, then 12, 13, ..., 63 (151 orders;
// 11 is absent, as in Opacus). With these orders the accountant reproduces Opacus' epsilons.
std::vector<double> opacus_default_orders();

class RdpAccountant final : public Accountant {
 public:
  // Throws fedsec::UsageError if orders is empty or holds an order that is not finite and > 1.
  explicit RdpAccountant(std::vector<double> orders = opacus_default_orders(),
                         RdpConversion conversion = RdpConversion::kImproved);

  // Adds num_steps times the per-step RDP curve of (noise_multiplier, sample_rate). Repeated calls
  // with the same parameters reuse the last curve, so per-iteration calls cost O(#orders).
  void step(double noise_multiplier, double sample_rate, std::int64_t num_steps = 1) override;

  // Epsilon with the conversion chosen at construction, and the best order.
  EpsilonResult epsilon(double delta) const override;

  // Epsilon with the given conversion, and the best order.
  EpsilonResult epsilon(double delta, RdpConversion conversion) const;

  std::string name() const override { return "rdp"; }

  const std::vector<double>& orders() const { return orders_; }

  // The composed RDP at each order (same indexing as orders()).
  const std::vector<double>& rdp() const { return rdp_; }

 private:
  std::vector<double> orders_;
  RdpConversion conversion_;
  std::vector<double> rdp_;
  double last_noise_multiplier_ = 0;
  double last_sample_rate_ = 0;
  std::vector<double> last_curve_;  // empty until the first step
};

}  // namespace fedsec::privacy
