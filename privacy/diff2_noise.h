#pragma once
// Gaussian draws for DIFF2, portable (Box-Muller over fl::uniform_unit, so a seed gives the same
// numbers on every standard library, unlike std::normal_distribution).

#include <Eigen/Dense>
#include <cstdint>

#include "fl/rng.h"

namespace fedsec::privacy {

// Writes n independent N(0, 1) draws to out.
void fill_standard_normal(double* out, int64_t n, fl::Rng& rng);

// Adds N(0, stddev^2 I) to v, drawn from fl::make_rng(seed, "diff2.noise", round, stream);
// stddev == 0 leaves v unchanged and draws nothing.
void add_gaussian_noise(Eigen::VectorXd& v, double stddev, uint64_t seed, int64_t round, int64_t stream);

}  // namespace fedsec::privacy
