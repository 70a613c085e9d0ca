#include "privacy/calibration.h"

#include <cmath>
#include <functional>
#include <optional>
#include <sstream>

#include "fl/errors.h"
#include "privacy/accountant.h"

namespace fedsec::privacy {
namespace {

constexpr double kMinSigma = 1e-3, kMaxSigma = 1e6;

struct Search {
  std::function<double(double)> epsilon_at;  // epsilon for a noise multiplier
  double target;
  double rel_tolerance;
};

// Why a bracket could not be found, or nothing.
enum class Failure { kNone, kUnreachable, kTooLoose };

// Brackets the answer starting from `guess` with steps that square their ratio each time (1.0625,
// 1.13, 1.27, 1.6, 2.6, ...), then bisects. On success returns {sigma_hi, epsilon(sigma_hi)}.
std::optional<CalibrationResult> search(const Search& s, double guess, Failure& failure,
                                        double& last_epsilon) {
  double ratio = 1.0625;
  double lo = guess, hi = guess, eps_hi = s.epsilon_at(guess);
  if (eps_hi > s.target) {
    while (eps_hi > s.target) {
      if (hi >= kMaxSigma) {
        failure = Failure::kUnreachable;
        last_epsilon = eps_hi;
        return std::nullopt;
      }
      lo = hi;
      hi = std::fmin(hi * ratio, kMaxSigma);
      ratio *= ratio;
      eps_hi = s.epsilon_at(hi);
    }
  } else {
    for (;;) {
      if (lo <= kMinSigma) {
        failure = Failure::kTooLoose;
        return std::nullopt;
      }
      lo = std::fmax(lo / ratio, kMinSigma);
      ratio *= ratio;
      const double eps_lo = s.epsilon_at(lo);
      if (eps_lo > s.target) break;
      hi = lo;
      eps_hi = eps_lo;
    }
  }
  while (hi - lo > s.rel_tolerance * hi) {
    const double mid = 0.5 * (lo + hi);
    const double eps_mid = s.epsilon_at(mid);
    if (eps_mid > s.target) {
      lo = mid;
    } else {
      hi = mid;
      eps_hi = eps_mid;
    }
  }
  failure = Failure::kNone;
  return CalibrationResult{hi, eps_hi};
}

std::function<double(double)> epsilon_function(const std::string& accountant, double delta,
                                               double sample_rate, std::int64_t steps) {
  return [=](double sigma) {
    std::unique_ptr<Accountant> a = make_accountant(accountant);
    a->step(sigma, sample_rate, steps);
    return a->epsilon(delta).epsilon;
  };
}

}  // namespace

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

  // Start from sigma = 1, or, for other accountants, from the (cheap) RDP answer when RDP reaches the
  // target: accountants tighter than RDP need slightly less noise, so few expensive evaluations follow.
  Failure failure = Failure::kNone;
  double last_epsilon = 0;
  double guess = 1;
  if (accountant != "rdp") {
    const Search rdp{epsilon_function("rdp", delta, sample_rate, steps), target_epsilon, rel_tolerance};
    if (const auto r = search(rdp, 1.0, failure, last_epsilon)) guess = r->noise_multiplier;
  }
  const Search s{epsilon_function(accountant, delta, sample_rate, steps), target_epsilon, rel_tolerance};
  if (const auto result = search(s, guess, failure, last_epsilon)) return *result;
  std::ostringstream message;
  message << "target epsilon " << target_epsilon << " is out of reach for the " << accountant
          << " accountant: ";
  if (failure == Failure::kUnreachable) {
    message << "even noise multiplier " << kMaxSigma << " gives epsilon " << last_epsilon;
  } else {
    message << "every noise multiplier >= " << kMinSigma << " meets it; ask for a smaller target";
  }
  throw UsageError(message.str());
}

}  // namespace fedsec::privacy
