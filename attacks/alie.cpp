#include "attacks/alie.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fedsec::attacks {

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) throw std::invalid_argument("normal_quantile needs p in (0, 1)");
  // Bisection on Phi(z) = erfc(-z / sqrt 2) / 2, which is monotone; 200 halvings of [-40, 40]
  // reach the resolution of a double.
  double lo = -40, hi = 40;
  for (int i = 0; i < 200 && hi - lo > 0; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

double alie_z(int n, int f) {
  const int supporters = std::max(1, n / 2 + 1 - f);
  return normal_quantile(static_cast<double>(n - supporters) / n);
}

torch::Tensor AlieClient::forge(const torch::Tensor& honest, const fl::ClientContext& context) const {
  const double z = fixed_z_ > 0 ? fixed_z_ : alie_z(context.participants, context.attackers);
  const HonestStatistics s = honest_statistics(honest);
  return s.mean - z * s.stddev;
}

}  // namespace fedsec::attacks
