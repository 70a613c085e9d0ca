#include "traffic/random_draws.h"

#include <cmath>

namespace fedsec::traffic {

double draw_normal(fl::Rng& rng) {
  // 1 - u lies in (0, 1], so the logarithm is finite.
  const double u1 = 1.0 - fl::uniform_unit(rng);
  const double u2 = fl::uniform_unit(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

double draw_lognormal(fl::Rng& rng, double median, double sigma_log) {
  return median * std::exp(sigma_log * draw_normal(rng));
}

double draw_exponential(fl::Rng& rng, double mean) { return -mean * std::log(1.0 - fl::uniform_unit(rng)); }

long draw_poisson(fl::Rng& rng, double mean) {
  if (mean <= 0.0) return 0;
  if (mean < 10.0) {
    const double limit = std::exp(-mean);
    long k = 0;
    double product = fl::uniform_unit(rng);
    while (product > limit) {
      ++k;
      product *= fl::uniform_unit(rng);
    }
    return k;
  }
  const double log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * std::sqrt(mean);
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  while (true) {
    const double u = fl::uniform_unit(rng) - 0.5;
    const double v = fl::uniform_unit(rng);
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return static_cast<long>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mean + k * log_mean - std::lgamma(k + 1.0))
      return static_cast<long>(k);
  }
}

}  // namespace fedsec::traffic
