#include "privacy/pld_pmf.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "privacy/accountant_numerics.h"

namespace fedsec::privacy {
namespace {

// z with Phi(z) = exp(-50) / 2: outputs beyond this many noise standard deviations carry at most
// e^-50 of the noise mass (the truncation dp_accounting uses, log_mass_truncation_bound = -50).
double tail_z() {
  static const double z = [] {
    const double target = -50 - std::log(2.0);
    double lo = -20, hi = 0;
    for (int i = 0; i < 100; ++i) {
      const double mid = 0.5 * (lo + hi);
      (log_ndtr(mid) < target ? lo : hi) = mid;
    }
    return hi;
  }();
  return z;
}

// Grid indices [first, last] covering the losses of the outputs in the truncated range.
std::pair<std::int64_t, std::int64_t> grid_range(double sigma, double q, PldSide side, double interval) {
  const double z = tail_z();  // negative
  double x_low = sigma * z, x_high = -sigma * z;
  // Widen by the sensitivity on the side where the shifted component lies.
  if (side == PldSide::kRemove) {
    x_low -= 1;
  } else {
    x_high += 1;
  }
  const double eps_upper = subsampled_gaussian_loss(sigma, q, side, x_low);
  const double eps_lower = subsampled_gaussian_loss(sigma, q, side, x_high);
  return {static_cast<std::int64_t>(std::floor(eps_lower / interval)),
          static_cast<std::int64_t>(std::ceil(eps_upper / interval))};
}

}  // namespace

std::int64_t subsampled_gaussian_grid_points(double sigma, double q, PldSide side, double interval) {
  const auto [first, last] = grid_range(sigma, q, side, interval);
  return last - first + 1;
}

PldPmf discretize_subsampled_gaussian(double sigma, double q, PldSide side, double interval) {
  const auto [first, last] = grid_range(sigma, q, side, interval);
  const std::size_t n = static_cast<std::size_t>(last - first + 1);
  // delta at each grid point, forced non-increasing against round-off.
  std::vector<double> delta(n);
  for (std::size_t i = 0; i < n; ++i) {
    delta[i] = subsampled_gaussian_delta(sigma, q, side, double(first + std::int64_t(i)) * interval);
    if (i > 0) delta[i] = std::min(delta[i], delta[i - 1]);
  }
  PldPmf pmf;
  pmf.lower = first;
  pmf.infinity_mass = delta[n - 1];
  pmf.probs.resize(n);
  if (n == 1) {
    pmf.probs[0] = 1 - delta[0];
    return pmf;
  }
  // With drop d_i = delta_i - delta_{i+1}, the mass at point i is d_{i-1} + (d_{i-1} - d_i)/(e^h - 1):
  // the unique masses whose hockey-stick curve passes through every (eps_i, delta_i) and is linear
  // in e^eps in between. The lowest point also takes all the mass below the grid, 1 - delta_0.
  const double em1 = std::expm1(interval);
  auto drop = [&](std::size_t i) { return i + 1 < n ? delta[i] - delta[i + 1] : 0.0; };
  pmf.probs[0] = 1 - delta[0] - drop(0) / em1;
  for (std::size_t i = 1; i < n; ++i) pmf.probs[i] = drop(i - 1) + (drop(i - 1) - drop(i)) / em1;
  for (double& p : pmf.probs) p = std::max(p, 0.0);
  return pmf;
}

}  // namespace fedsec::privacy
