#pragma once
// DIFF2-GD (Murata and Suzuki, "DIFF2: Differential Private Optimization via Gradient Differences
// for Nonconvex Distributed Learning", ICML 2023, Algorithms 1-3). Rounds r = 1..R:
//   restart round ((r-1) mod T == 0): v_r = (1/P) sum_p ClippedMean({g_i(x_{r-1})}, C1) + N(0, (sigma1 C1)^2
//   I) difference round: with c_r = C2 ||x_{r-1} - x_{r-2}||,
//     v_r = v_{r-1} + (1/P) sum_p ClippedMean({g_i(x_{r-1}) - g_i(x_{r-2})}, c_r) + N(0, (sigma2 c_r)^2 I)
//   GD routine: x_r = x_{r-1} - lr * v_r.
// DP-GD is the case T = 1. The noise is drawn once, for the average over nodes (central: a trusted
// server, or secure aggregation of noisy shares), or by every node on its own clipped mean with
// variance P times larger (distributed: the average then carries the same noise distribution).

#include <Eigen/Dense>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "privacy/diff2_node.h"

namespace fedsec::privacy {

enum class NoisePlacement { kCentral, kDistributed };

struct Diff2Options {
  int64_t rounds = 1;            // R
  int64_t restart_interval = 1;  // T; 1 is DP-GD
  double lr = 1.0;               // eta of the GD routine
  // Clipping radii; +infinity turns clipping off.
  double clip1 = std::numeric_limits<double>::infinity();
  double clip2 = std::numeric_limits<double>::infinity();
  // Noise multipliers; 0 turns noise off.
  double sigma1 = 0;
  double sigma2 = 0;
  NoisePlacement noise = NoisePlacement::kCentral;
  uint64_t seed = 0;
};

// What the observer sees after round r.
struct Diff2Step {
  int64_t round = 0;
  bool restart = false;
  double noise_stddev = 0;  // of the noise added to the average in this round
};

// Called after every round with the new model x_r; returning false stops the run (e.g. on divergence).
using Diff2Observer = std::function<bool(const Diff2Step&, const Eigen::VectorXd&)>;

// Runs DIFF2-GD from x0 on the nodes and returns the last iterate. The noise of round r comes from
// add_gaussian_noise(seed, round r, stream 0) for central noise, and stream p + 1 for node p's
// share in distributed mode. Throws std::invalid_argument on rounds < 1, restart_interval < 1, an
// empty node list, negative radii or noise multipliers.
Eigen::VectorXd run_diff2_gd(std::vector<Diff2Node>& nodes, Eigen::VectorXd x0, const Diff2Options& options,
                             const Diff2Observer& observer = {});

}  // namespace fedsec::privacy
