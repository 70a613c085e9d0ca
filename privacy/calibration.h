#pragma once
// Noise calibration: the smallest noise multiplier that meets a target (epsilon, delta) for a given
// Poisson sampling rate and number of steps, as Opacus' get_noise_multiplier
// (opacus/accountants/utils.py) but with a relative tolerance on sigma instead of on epsilon.

#include <cstdint>
#include <string>

namespace fedsec::privacy {

struct CalibrationResult {
  double noise_multiplier = 0;  // sigma_hi below
  double epsilon = 0;           // the accountant's epsilon at noise_multiplier (<= target)
};

// Bisection on sigma, whose epsilon is non-increasing in sigma. The answer is first bracketed by
// geometric steps from a start point (sigma = 1; for accountants other than "rdp", the RDP answer,
// which tighter accountants undercut slightly), within [1e-3, 1e6]; then bisection runs until
// sigma_hi - sigma_lo <= rel_tolerance * sigma_hi, where epsilon(sigma_hi) <= target_epsilon <
// epsilon(sigma_lo). The result is sigma_hi: it meets the target, and no sigma at or below sigma_lo
// does, so it is at most a factor (1 + rel_tolerance) above the exact smallest sigma. `accountant`
// names a registered accountant ("rdp", "pld"); each evaluation records `steps` steps on a fresh
// one. Throws fedsec::UsageError on invalid arguments (target_epsilon <= 0, delta outside (0, 1),
// sample_rate outside (0, 1], steps < 1, rel_tolerance outside (0, 1), unknown accountant) and when
// the target is out of reach: not met even at sigma = 1e6, or met already at sigma = 1e-3.
CalibrationResult calibrate_noise_multiplier(double target_epsilon, double delta, double sample_rate,
                                             std::int64_t steps, const std::string& accountant = "rdp",
                                             double rel_tolerance = 1e-4);

}  // namespace fedsec::privacy
