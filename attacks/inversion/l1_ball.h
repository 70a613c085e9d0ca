#pragma once
// Euclidean projection onto the l1 ball (Duchi, Shalev-Shwartz, Singer & Chandra, ICML 2008, the
// sort-based O(d log d) algorithm), applied to each sample of a batch separately.

#include "fl/tensor.h"

namespace fedsec::attacks {

// For each sample i of `deviation` (N x ...), the closest point (in L2) whose l1 norm is at most
// `radius`; samples already inside are returned unchanged. Throws std::invalid_argument if
// radius < 0. Not differentiable (called between optimiser steps).
torch::Tensor project_l1_ball(const torch::Tensor& deviation, double radius);

}  // namespace fedsec::attacks
