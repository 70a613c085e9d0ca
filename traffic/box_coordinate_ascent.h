#pragma once
// Exact coordinate ascent for a concave quadratic over a box, the dual of the SVM-type problems
// here (Hsieh et al., "A dual coordinate descent method for large-scale linear SVM", ICML 2008):
// each step moves one alpha_j to the clipped maximiser along its axis; a random order per sweep
// and shrinking of coordinates that sit firmly at a bound keep sweeps cheap. Stops when the
// largest projected-gradient entry over all coordinates is at most `tolerance`.

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <Eigen/Dense>

#include "fl/rng.h"

namespace fedsec::traffic {

// gradient(j): dD/dalpha_j at the current point; apply(j, delta): alpha_j changed by delta, update
// whatever the caller maintains. curvature[j] > 0 is -d2D/dalpha_j^2.
template <typename Gradient, typename Apply>
void box_coordinate_ascent(Eigen::VectorXd& alpha, const Eigen::VectorXd& upper,
                           const Eigen::VectorXd& curvature, double tolerance, int max_sweeps, fl::Rng& rng,
                           Gradient gradient, Apply apply) {
  const auto m = static_cast<std::size_t>(alpha.size());
  std::vector<Eigen::Index> active(m);
  std::iota(active.begin(), active.end(), 0);
  double shrink_margin = std::numeric_limits<double>::infinity();
  for (int sweep = 0; sweep < max_sweeps; ++sweep) {
    for (std::size_t i = active.size(); i > 1; --i)
      std::swap(active[i - 1], active[fl::uniform_below(rng, i)]);
    double max_violation = 0.0;
    std::size_t kept = 0;
    for (const Eigen::Index j : active) {
      const double g = gradient(j);
      double violation = g;
      if (alpha[j] <= 0.0 && g <= 0.0) {
        if (g < -shrink_margin) continue;  // firmly at its lower bound: leave it out this round
        violation = 0.0;
      } else if (alpha[j] >= upper[j] && g >= 0.0) {
        if (g > shrink_margin) continue;
        violation = 0.0;
      }
      active[kept++] = j;
      max_violation = std::max(max_violation, std::abs(violation));
      if (violation == 0.0) continue;
      const double updated = std::clamp(alpha[j] + g / curvature[j], 0.0, upper[j]);
      const double delta = updated - alpha[j];
      if (delta == 0.0) continue;
      alpha[j] = updated;
      apply(j, delta);
    }
    active.resize(kept);
    if (max_violation <= tolerance) {
      if (kept == m) break;  // converged on every coordinate
      active.resize(m);      // check the shrunk ones too
      std::iota(active.begin(), active.end(), 0);
      shrink_margin = std::numeric_limits<double>::infinity();
    } else {
      shrink_margin = max_violation;
    }
  }
}

}  // namespace fedsec::traffic
