#pragma once
// Noise calibration of DIFF2 (Murata and Suzuki, ICML 2023, Sec. 4; constants as in the authors'
// code, research note 1.6), and the accounting of the releases it makes.
//
// Every release is a full-batch Gaussian on the average of the nodes' clipped means, whose
// replace-one sensitivity is 2C / (n_min P), so its noise multiplier is z = sigma * n_min * P / 2
// and its Renyi DP at order a is a / (2 z^2) = 2 a / (sigma^2 n_min^2 P^2). The calibration fixes one
// order a = 1 + ceil(2 ln(1/delta) / epsilon), so that ln(1/delta) / (a - 1) <= epsilon / 2, and
// spends RDP epsilon / 2 at that order, a share 1/u on the restart rounds and (u - 1)/u on the
// difference rounds:
//   sigma1^2 = 4 u a ceil(R/T) / (n_min^2 P^2 epsilon)    (4 instead of 4u when T = 1: all to restarts)
//   sigma2^2 = 4 u a R / ((u - 1) n_min^2 P^2 epsilon)
// The paper writes R/T for the number of restart rounds; there are ceil(R/T) of them (rounds r with
// (r - 1) mod T == 0), and using ceil(R/T) keeps the restart rounds' RDP at exactly epsilon/(2u)
// when T does not divide R (sigma1 grows by sqrt(ceil(R/T) T / R)); when T divides R both agree.
// sigma2 keeps R, which covers the R - ceil(R/T) difference rounds with room to spare.

#include <cstdint>
#include <string>

#include "privacy/accountant.h"

namespace fedsec::privacy {

struct Diff2Calibration {
  double alpha = 0;            // the Renyi order of the analysis
  double sigma1 = 0;           // restart rounds: noise std sigma1 * C1
  double sigma2 = 0;           // difference rounds: noise std sigma2 * C2 * ||x_{r-1} - x_{r-2}||; 0 if T = 1
  int64_t restart_rounds = 0;  // ceil(R / T)
  int64_t difference_rounds = 0;  // R - ceil(R / T)
  double z1 = 0;                  // sigma1 * n_min * P / 2
  double z2 = 0;                  // sigma2 * n_min * P / 2
};

// The calibration above. Throws fedsec::UsageError naming the argument unless epsilon > 0,
// 0 < delta < 1, rounds >= 1, restart_interval >= 1, n_min >= 1, nodes >= 1 and budget_split > 1.
Diff2Calibration calibrate_diff2(double epsilon, double delta, int64_t rounds, int64_t restart_interval,
                                 int64_t n_min, int64_t nodes, double budget_split = 1.25);

// The epsilon that `accountant` ("rdp", "pld", ...) certifies at delta for restart_releases
// Gaussians of multiplier c.z1 and difference_releases of multiplier c.z2 (each recorded as steps
// with sample rate 1). 0 when nothing was released.
EpsilonResult diff2_accounted_epsilon(const Diff2Calibration& c, int64_t restart_releases,
                                      int64_t difference_releases, double delta,
                                      const std::string& accountant = "rdp");

// The paper's own bound for the same releases: their RDP at the single order c.alpha, converted
// with ln(1/delta) / (alpha - 1); 0 when nothing was released. At the end of a calibrated run it is
// at most the target epsilon.
double diff2_single_order_epsilon(const Diff2Calibration& c, int64_t restart_releases,
                                  int64_t difference_releases, double delta);

}  // namespace fedsec::privacy
