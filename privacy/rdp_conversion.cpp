#include "privacy/rdp_conversion.h"

#include <cmath>
#include <limits>

#include "fl/errors.h"

namespace fedsec::privacy {

EpsilonResult rdp_to_epsilon(const std::vector<double>& orders, const std::vector<double>& rdp, double delta,
                             RdpConversion conversion) {
  check_delta(delta);
  if (orders.size() != rdp.size())
    throw UsageError("rdp_to_epsilon: " + std::to_string(orders.size()) + " orders but " +
                     std::to_string(rdp.size()) + " RDP values");
  const double log_delta = std::log(delta);
  EpsilonResult best{std::numeric_limits<double>::infinity(), std::nullopt};
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const double a = orders[i];
    if (!(a > 1)) throw UsageError("rdp_to_epsilon: every order must be > 1, got " + std::to_string(a));
    const double eps = conversion == RdpConversion::kImproved
                           ? rdp[i] + std::log((a - 1) / a) - (log_delta + std::log(a)) / (a - 1)
                           : rdp[i] - log_delta / (a - 1);
    if (std::isfinite(eps) && eps < best.epsilon) best = {eps, a};
  }
  if (best.best_order) best.epsilon = std::fmax(best.epsilon, 0.0);
  return best;
}

}  // namespace fedsec::privacy
