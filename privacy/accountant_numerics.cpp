#include "privacy/accountant_numerics.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace fedsec::privacy {

double log_add(double a, double b) {
  const double lo = std::fmin(a, b);
  const double hi = std::fmax(a, b);
  if (lo == -std::numeric_limits<double>::infinity()) return hi;
  return hi + std::log1p(std::exp(lo - hi));
}

double log_sub(double a, double b) {
  if (a < b) throw std::domain_error("log_sub: the difference would be negative");
  if (b == -std::numeric_limits<double>::infinity()) return a;
  if (a == b) return -std::numeric_limits<double>::infinity();
  return a + std::log(-std::expm1(b - a));
}

double log_ndtr(double z) {
  constexpr double kInvSqrt2 = 0.70710678118654752440;
  if (z > 0) return std::log1p(-0.5 * std::erfc(z * kInvSqrt2));
  if (z > -35) return std::log(0.5 * std::erfc(-z * kInvSqrt2));
  // Phi(z) = phi(z)/|z| * (1 - 1/z^2 + 3/z^4 - 15/z^6 + 105/z^8 - 945/z^10 + ...); at |z| >= 35
  // the omitted terms are below 1e-16 relative.
  const double r = 1.0 / (z * z);
  const double series = r * (-1 + r * (3 + r * (-15 + r * (105 + r * -945))));
  constexpr double kHalfLog2Pi = 0.91893853320467274178;
  return -0.5 * z * z - std::log(-z) - kHalfLog2Pi + std::log1p(series);
}

double log_erfc(double x) {
  constexpr double kSqrt2 = 1.41421356237309504880;
  constexpr double kLog2 = 0.69314718055994530942;
  return kLog2 + log_ndtr(-x * kSqrt2);
}

}  // namespace fedsec::privacy
