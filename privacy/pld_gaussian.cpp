#include "privacy/pld_gaussian.h"

#include <cmath>
#include <limits>

#include "privacy/accountant_numerics.h"

namespace fedsec::privacy {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// log(1 - q + q e^l), stable for all l.
double log_mix(double q, double l) {
  if (l > 0) return l + std::log(q + (1 - q) * std::exp(-l));
  return std::log1p(q * std::expm1(l));
}

// log(1 + (e^e - 1)/q) for e > log(1-q): the Gaussian loss whose subsampled loss is e.
double unmix(double q, double e) {
  if (e > 0) return e - std::log(q) + std::log1p(-(1 - q) * std::exp(-e));
  return std::log1p(std::expm1(e) / q);
}

}  // namespace

double gaussian_delta(double sigma, double eps) {
  if (eps == kInf) return 0;
  if (eps == -kInf) return 1;
  const double a = -eps * sigma + 0.5 / sigma;
  const double log_first = log_ndtr(a);
  const double log_second = eps + log_ndtr(a - 1 / sigma);
  if (!(log_second < log_first)) return 0;
  return std::exp(log_first) * -std::expm1(log_second - log_first);
}

double subsampled_gaussian_delta(double sigma, double q, PldSide side, double eps) {
  const double log_1mq = std::log1p(-q);  // -infinity when q == 1
  if (side == PldSide::kRemove) {
    if (eps <= log_1mq) return -std::expm1(eps);
    return q * gaussian_delta(sigma, unmix(q, eps));
  }
  if (eps >= -log_1mq) return 0;
  const double l = -unmix(q, -eps);
  return q * std::exp(eps - l) * gaussian_delta(sigma, l);
}

double subsampled_gaussian_loss(double sigma, double q, PldSide side, double x) {
  const double s2 = sigma * sigma;
  if (side == PldSide::kRemove) return log_mix(q, (-0.5 - x) / s2);
  return -log_mix(q, -(0.5 - x) / s2);
}

double gaussian_epsilon(double sigma, double delta) {
  if (gaussian_delta(sigma, 0) <= delta) return 0;
  double lo = 0, hi = 1;
  while (gaussian_delta(sigma, hi) > delta) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1e-12 * hi) {
    const double mid = 0.5 * (lo + hi);
    (gaussian_delta(sigma, mid) > delta ? lo : hi) = mid;
  }
  return hi;
}

}  // namespace fedsec::privacy
