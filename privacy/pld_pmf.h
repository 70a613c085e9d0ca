#pragma once
// A discretized privacy-loss distribution (PLD): probability masses on the grid of losses
// (lower + k) * interval, k = 0 .. probs.size()-1, plus a mass at +infinity.

#include <cstdint>
#include <vector>

#include "privacy/pld_gaussian.h"

namespace fedsec::privacy {

struct PldPmf {
  std::int64_t lower = 0;     // grid index of probs[0]
  std::vector<double> probs;  // masses at the finite losses
  double infinity_mass = 0;   // mass at loss +infinity
};

// The pessimistic "connect-the-dots" discretization of one release of the Poisson-subsampled
// Gaussian mechanism on the grid with spacing `interval` (Doroshenko, Ghazi, Kamath, Kumar,
// Manurangsi, "Connect the Dots: Tighter Discrete Approximations of Privacy Loss Distributions",
// PETS 2022, arXiv:2207.04380, Algorithm 1). Its hockey-stick curve equals the exact delta(eps) at
// every grid point and interpolates linearly in e^eps between them, which bounds the exact convex
// curve from above, so every epsilon read from it (alone or composed) is an upper bound. The grid
// spans the losses of outputs within Phi^-1(e^-50 / 2) noise standard deviations; the rest of the
// distribution sits on the end points and at +infinity. Masses come from second differences of
// delta; where delta is about 1 (the far left tail of the add side) round-off can make some slightly
// negative: they are set to 0, which only adds mass and keeps the PLD pessimistic.
// Requires sigma > 0, 0 < q <= 1, interval > 0.
PldPmf discretize_subsampled_gaussian(double sigma, double q, PldSide side, double interval);

// How many grid points discretize_subsampled_gaussian would produce, without building them.
std::int64_t subsampled_gaussian_grid_points(double sigma, double q, PldSide side, double interval);

}  // namespace fedsec::privacy
