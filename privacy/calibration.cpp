#include "privacy/calibration.h"

#include <cmath>
#include <sstream>

#include "fl/errors.h"
#include "privacy/accountant.h"

namespace fedsec::privacy {

CalibrationResult calibrate_noise_multiplier(double target_epsilon, double delta, double sample_rate,
                                             std::int64_t steps, const std::string& accountant,
                                             double rel_tolerance) {
  if (!(target_epsilon > 0) || !std::isfinite(target_epsilon)) {
    std::ostringstream message;
    message << "target epsilon must be a finite number > 0, got " << target_epsilon;
    throw UsageError(message.str());
  }
  if (!(rel_tolerance > 0 && rel_tolerance < 1)) throw UsageError("calibration tolerance must be in (0, 1)");
  check_delta(delta);
  check_step_arguments(1.0, sample_rate, steps);
  make_accountant(accountant);  // fails early on an unknown name

  auto epsilon_at = [&](double sigma) {
    std::unique_ptr<Accountant> a = make_accountant(accountant);
    a->step(sigma, sample_rate, steps);
    return a->epsilon(delta).epsilon;
  };
  constexpr double kMinSigma = 1e-3, kMaxSigma = 1e6;
  double lo = 1, hi = 1;
  double eps_hi = epsilon_at(hi);
  if (eps_hi > target_epsilon) {
    while (eps_hi > target_epsilon) {
      if (hi >= kMaxSigma) {
        std::ostringstream message;
        message << "target epsilon " << target_epsilon << " is out of reach: even noise multiplier "
                << kMaxSigma << " gives epsilon " << eps_hi;
        throw UsageError(message.str());
      }
      lo = hi;
      hi = std::fmin(2 * hi, kMaxSigma);
      eps_hi = epsilon_at(hi);
    }
  } else {
    for (;;) {
      if (lo <= kMinSigma) {
        std::ostringstream message;
        message << "target epsilon " << target_epsilon << " is met by every noise multiplier >= " << kMinSigma
                << "; calibration needs a smaller target";
        throw UsageError(message.str());
      }
      lo = std::fmax(lo / 2, kMinSigma);
      const double eps_lo = epsilon_at(lo);
      if (eps_lo > target_epsilon) break;
      hi = lo;
      eps_hi = eps_lo;
    }
  }
  while (hi - lo > rel_tolerance * hi) {
    const double mid = 0.5 * (lo + hi);
    const double eps_mid = epsilon_at(mid);
    if (eps_mid > target_epsilon) {
      lo = mid;
    } else {
      hi = mid;
      eps_hi = eps_mid;
    }
  }
  return {hi, eps_hi};
}

}  // namespace fedsec::privacy
