#pragma once
// Privacy-loss-distribution (PLD) accountant for the Poisson-subsampled Gaussian mechanism under
// add/remove adjacency, in the manner of Google's dp_accounting PLDAccountant (Koskela, Jalko,
// Honkela, "Computing Tight Differential Privacy Guarantees Using FFT", AISTATS 2020,
// arXiv:1906.03049; Meiser & Mohammadi, "Tight on Budget?", CCS 2018; connect-the-dots discretization
// of Doroshenko et al. 2022, see pld_pmf.h). Both adjacency directions are composed separately and
// the larger epsilon is reported. Every step is discretized pessimistically, so the result is an
// upper bound on the true epsilon; it is tighter than the RDP bound.

#include <cstdint>
#include <string>
#include <vector>

#include "privacy/accountant.h"

namespace fedsec::privacy {

struct PldOptions {
  // Spacing of the privacy-loss grid (dp_accounting's default).
  double interval = 1e-4;
  // Composed mass that may be moved to +infinity when truncating the composed range.
  double tail_mass = 1e-15;
  // Largest grid (per step and composed) before the spacing is doubled, bounding memory and time
  // (the FFT buffers hold 16-byte complex values). A coarser grid stays an upper bound, only looser.
  std::int64_t max_grid_points = std::int64_t(1) << 22;
};

class PldAccountant final : public Accountant {
 public:
  // Throws fedsec::UsageError unless interval > 0, 0 <= tail_mass < 1 and max_grid_points >= 2.
  explicit PldAccountant(PldOptions options = {});

  // Records the steps; equal (noise_multiplier, sample_rate) pairs are merged into one group.
  void step(double noise_multiplier, double sample_rate, std::int64_t num_steps = 1) override;

  // Steps with sample rate 1 are plain Gaussians and are first composed exactly into one Gaussian;
  // if nothing else was recorded, epsilon is the exact analytic Gaussian value (Balle & Wang 2018).
  // Otherwise each group is discretized, all are composed by FFT, and epsilon is read off the result.
  // Costs O(grid log grid) per call; nothing is cached between calls.
  EpsilonResult epsilon(double delta) const override;

  std::string name() const override { return "pld"; }

 private:
  struct Group {
    double noise_multiplier;
    double sample_rate;
    std::int64_t count;
  };
  PldOptions options_;
  std::vector<Group> groups_;
};

}  // namespace fedsec::privacy
