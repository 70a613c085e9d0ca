#include "privacy/pld_accountant.h"

#include <algorithm>
#include <cmath>

#include "fl/errors.h"
#include "privacy/pld_composition.h"
#include "privacy/pld_gaussian.h"
#include "privacy/pld_pmf.h"

namespace fedsec::privacy {

PldAccountant::PldAccountant(PldOptions options) : options_(options) {
  if (!(options_.interval > 0) || !std::isfinite(options_.interval))
    throw UsageError("PldAccountant: the discretization interval must be a finite number > 0");
  if (!(options_.tail_mass >= 0 && options_.tail_mass < 1))
    throw UsageError("PldAccountant: the tail mass must be in [0, 1)");
  if (options_.max_grid_points < 2) throw UsageError("PldAccountant: max_grid_points must be >= 2");
}

void PldAccountant::step(double noise_multiplier, double sample_rate, std::int64_t num_steps) {
  check_step_arguments(noise_multiplier, sample_rate, num_steps);
  for (Group& g : groups_) {
    if (g.noise_multiplier == noise_multiplier && g.sample_rate == sample_rate) {
      g.count += num_steps;
      return;
    }
  }
  groups_.push_back({noise_multiplier, sample_rate, num_steps});
}

EpsilonResult PldAccountant::epsilon(double delta) const {
  check_delta(delta);
  if (groups_.empty()) return {0.0, std::nullopt};

  // Full-batch steps compose exactly: noise multipliers s_i give one Gaussian with sum_i s_i^-2.
  std::vector<Group> parts;
  double inverse_variance = 0;
  for (const Group& g : groups_) {
    if (g.sample_rate == 1) {
      inverse_variance += double(g.count) / (g.noise_multiplier * g.noise_multiplier);
    } else {
      parts.push_back(g);
    }
  }
  if (inverse_variance > 0) {
    if (parts.empty()) return {gaussian_epsilon(1 / std::sqrt(inverse_variance), delta), std::nullopt};
    parts.push_back({1 / std::sqrt(inverse_variance), 1.0, 1});
  }

  double eps = 0;
  for (PldSide side : {PldSide::kRemove, PldSide::kAdd}) {
    // Coarsen the grid until every per-step grid and the composed grid fit max_grid_points.
    double interval = options_.interval;
    for (;;) {
      std::int64_t widest = 0;
      for (const Group& g : parts)
        widest = std::max(widest,
                          subsampled_gaussian_grid_points(g.noise_multiplier, g.sample_rate, side, interval));
      if (widest > options_.max_grid_points) {
        interval *= 2;
        continue;
      }
      std::vector<PldPmf> pmfs;
      pmfs.reserve(parts.size());
      std::vector<PldTerm> terms;
      for (const Group& g : parts) {
        pmfs.push_back(discretize_subsampled_gaussian(g.noise_multiplier, g.sample_rate, side, interval));
        terms.push_back({&pmfs.back(), g.count});
      }
      const std::optional<PldPmf> composed = compose(terms, options_.tail_mass, options_.max_grid_points);
      if (!composed) {
        interval *= 2;
        continue;
      }
      eps = std::max(eps, pld_epsilon(*composed, interval, delta));
      break;
    }
  }
  return {eps, std::nullopt};
}

}  // namespace fedsec::privacy
