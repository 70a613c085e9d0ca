#include "privacy/diff2_noise.h"

#include <cmath>

namespace fedsec::privacy {

void fill_standard_normal(double* out, int64_t n, fl::Rng& rng) {
  constexpr double kTwoPi = 6.283185307179586;
  for (int64_t i = 0; i < n; i += 2) {
    const double radius = std::sqrt(-2.0 * std::log1p(-fl::uniform_unit(rng)));  // 1 - U lies in (0, 1]
    const double angle = kTwoPi * fl::uniform_unit(rng);
    out[i] = radius * std::cos(angle);
    if (i + 1 < n) out[i + 1] = radius * std::sin(angle);
  }
}

void add_gaussian_noise(Eigen::VectorXd& v, double stddev, uint64_t seed, int64_t round, int64_t stream) {
  if (stddev == 0) return;
  fl::Rng rng = fl::make_rng(seed, "diff2.noise", round, stream);
  Eigen::VectorXd draws(v.size());
  fill_standard_normal(draws.data(), draws.size(), rng);
  v += stddev * draws;
}

}  // namespace fedsec::privacy
