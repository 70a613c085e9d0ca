#include "defenses/geometric_median.h"

#include <cmath>

#include "defenses/coordinate_stats_tensor.h"
#include "defenses/distances.h"

namespace fedsec::defenses {

std::vector<double> row_distances(const torch::Tensor& x, const torch::Tensor& z) {
  const int64_t n = x.size(0), d = x.size(1);
  std::vector<double> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    out[i] = std::sqrt(squared_distance(x.data_ptr<float>() + i * d, z.data_ptr<float>(), d));
  return out;
}

torch::Tensor GeometricMedianRule::combine(const torch::Tensor& x, const torch::Tensor&, int64_t) {
  const int64_t n = x.size(0);
  torch::Tensor z = x.mean(0);
  std::vector<double> beta(static_cast<size_t>(n));
  std::vector<float> coefficients(static_cast<size_t>(n));
  double previous = std::numeric_limits<double>::infinity();
  last_iterations_ = 0;
  for (int64_t t = 0; t < options_.iterations; ++t) {
    const auto dist = row_distances(x, z);
    double objective = 0.0, beta_sum = 0.0;
    for (int64_t i = 0; i < n; ++i) {
      objective += dist[i];
      beta[i] = 1.0 / std::max(options_.smoothing, dist[i]);
      beta_sum += beta[i];
    }
    if (options_.tolerance > 0 && previous - objective < options_.tolerance * objective) break;
    previous = objective;
    for (int64_t i = 0; i < n; ++i) coefficients[i] = static_cast<float>(beta[i] / beta_sum);
    z = weighted_row_sum(x, coefficients.data());
    ++last_iterations_;
  }
  return z;
}

}  // namespace fedsec::defenses
