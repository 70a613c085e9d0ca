#pragma once
// Composition of discretized PLDs by FFT, and reading epsilon off a PLD.

#include <cstdint>
#include <optional>
#include <vector>

#include "privacy/pld_pmf.h"

namespace fedsec::privacy {

// `count` independent releases whose PLD is `pmf`.
struct PldTerm {
  const PldPmf* pmf;
  std::int64_t count;
};

// The PLD of all terms composed (the distribution of the sum of independent losses), on the range
// outside of which the composed finite mass is at most tail_mass by Chernoff bounds on the terms'
// moment generating functions; that mass is counted at +infinity, so the result stays pessimistic.
// All PMFs must share one grid spacing. Computed as one product of DFTs (each term raised to its
// count) and one inverse DFT. Returns std::nullopt, without transforming, when the range would
// exceed max_points grid points.
std::optional<PldPmf> compose(const std::vector<PldTerm>& terms, double tail_mass, std::int64_t max_points);

// The smallest eps >= 0 with delta(eps) = infinity_mass + sum_{l_k > eps} p_k (1 - e^(eps - l_k)) <= delta,
// exact for the discrete distribution; +infinity when infinity_mass > delta.
double pld_epsilon(const PldPmf& pmf, double interval, double delta);

}  // namespace fedsec::privacy
