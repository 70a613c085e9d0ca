#include "privacy/rdp_sampled_gaussian.h"

#include <cmath>
#include <limits>
#include <sstream>

#include "fl/errors.h"
#include "privacy/accountant_numerics.h"

namespace fedsec::privacy {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

// log A_alpha for integer alpha: sum_k C(alpha, k) (1-q)^(alpha-k) q^k exp((k^2 - k) / (2 sigma^2)).
double log_a_integer(double q, double sigma, int alpha) {
  const double log_q = std::log(q), log_1mq = std::log1p(-q);
  const double lgamma_alpha = std::lgamma(alpha + 1.0);
  double log_a = kNegInf;
  for (int k = 0; k <= alpha; ++k) {
    const double log_binom = lgamma_alpha - std::lgamma(k + 1.0) - std::lgamma(alpha - k + 1.0);
    const double term =
        log_binom + k * log_q + (alpha - k) * log_1mq + (double(k) * k - k) / (2 * sigma * sigma);
    log_a = log_add(log_a, term);
  }
  return log_a;
}

// log A_alpha for fractional alpha: the integral is split at z0, where the two mixture components
// cross, and each half is expanded with the generalized binomial series; term i of the lower half is
// C(alpha,i) q^i (1-q)^(alpha-i) exp((i^2-i)/(2 sigma^2)) erfc((i-z0)/(sqrt2 sigma))/2, the upper half
// swaps i for j = alpha - i. Terms carry the sign of C(alpha, i); the series stops once both new terms
// are below exp(-30), as in TF Privacy's and Opacus' implementations.
double log_a_fractional(double q, double sigma, double alpha) {
  const double log_q = std::log(q), log_1mq = std::log1p(-q);
  const double z0 = sigma * sigma * std::log(1 / q - 1) + 0.5;
  const double log_half = std::log(0.5);
  const double sqrt2_sigma = std::sqrt(2.0) * sigma;
  double log_a0 = kNegInf, log_a1 = kNegInf;
  double log_abs_coef = 0;  // log |C(alpha, i)|, updated by C(alpha, i) = C(alpha, i-1) (alpha-i+1)/i
  bool coef_positive = true;
  for (long i = 0;; ++i) {
    if (i > 0) {
      const double factor = alpha - double(i) + 1;
      log_abs_coef += std::log(std::fabs(factor)) - std::log(double(i));
      if (factor < 0) coef_positive = !coef_positive;
    }
    const double j = alpha - double(i);
    const double log_t0 = log_abs_coef + double(i) * log_q + j * log_1mq;
    const double log_t1 = log_abs_coef + j * log_q + double(i) * log_1mq;
    const double log_e0 = log_half + log_erfc((double(i) - z0) / sqrt2_sigma);
    const double log_e1 = log_half + log_erfc((z0 - j) / sqrt2_sigma);
    const double log_s0 = log_t0 + (double(i) * double(i) - double(i)) / (2 * sigma * sigma) + log_e0;
    const double log_s1 = log_t1 + (j * j - j) / (2 * sigma * sigma) + log_e1;
    if (coef_positive) {
      log_a0 = log_add(log_a0, log_s0);
      log_a1 = log_add(log_a1, log_s1);
    } else {
      log_a0 = log_sub(log_a0, log_s0);
      log_a1 = log_sub(log_a1, log_s1);
    }
    if (std::fmax(log_s0, log_s1) < -30) break;
  }
  return log_add(log_a0, log_a1);
}

}  // namespace

double rdp_sampled_gaussian(double q, double sigma, double alpha) {
  if (!(q > 0 && q <= 1) || !(sigma > 0) || !std::isfinite(sigma) || !(alpha > 1) || !std::isfinite(alpha)) {
    std::ostringstream message;
    message << "rdp_sampled_gaussian: need 0 < q <= 1, finite sigma > 0 and finite alpha > 1; got q = " << q
            << ", sigma = " << sigma << ", alpha = " << alpha;
    throw UsageError(message.str());
  }
  if (q == 1) return alpha / (2 * sigma * sigma);
  const double log_a = std::floor(alpha) == alpha && alpha <= std::numeric_limits<int>::max()
                           ? log_a_integer(q, sigma, static_cast<int>(alpha))
                           : log_a_fractional(q, sigma, alpha);
  return log_a / (alpha - 1);
}

}  // namespace fedsec::privacy
