#include "privacy/rdp_accountant.h"

#include <cmath>

#include "fl/errors.h"
#include "privacy/rdp_sampled_gaussian.h"

namespace fedsec::privacy {

std::vector<double> opacus_default_orders() {
  std::vector<double> orders;
  for (int x = 1; x < 100; ++x) orders.push_back(1 + x / 10.0);
  for (int a = 12; a < 64; ++a) orders.push_back(a);
  return orders;
}

RdpAccountant::RdpAccountant(std::vector<double> orders, RdpConversion conversion)
    : orders_(std::move(orders)), conversion_(conversion), rdp_(orders_.size(), 0.0) {
  if (orders_.empty()) throw UsageError("RdpAccountant: the list of orders is empty");
  for (double a : orders_)
    if (!(a > 1) || !std::isfinite(a))
      throw UsageError("RdpAccountant: every order must be finite and > 1, got " + std::to_string(a));
}

void RdpAccountant::step(double noise_multiplier, double sample_rate, std::int64_t num_steps) {
  check_step_arguments(noise_multiplier, sample_rate, num_steps);
  if (last_curve_.empty() || noise_multiplier != last_noise_multiplier_ || sample_rate != last_sample_rate_) {
    last_curve_.resize(orders_.size());
    for (std::size_t i = 0; i < orders_.size(); ++i)
      last_curve_[i] = rdp_sampled_gaussian(sample_rate, noise_multiplier, orders_[i]);
    last_noise_multiplier_ = noise_multiplier;
    last_sample_rate_ = sample_rate;
  }
  for (std::size_t i = 0; i < orders_.size(); ++i) rdp_[i] += double(num_steps) * last_curve_[i];
}

EpsilonResult RdpAccountant::epsilon(double delta) const { return epsilon(delta, conversion_); }

EpsilonResult RdpAccountant::epsilon(double delta, RdpConversion conversion) const {
  check_delta(delta);
  if (last_curve_.empty()) return {0.0, std::nullopt};
  return rdp_to_epsilon(orders_, rdp_, delta, conversion);
}

}  // namespace fedsec::privacy
