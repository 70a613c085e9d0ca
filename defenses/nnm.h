#pragma once
// Nearest-neighbour mixing (Allouah et al., "Fixing by Mixing", AISTATS 2023): a pre-aggregation
// step that replaces each update by the mean of its n - f nearest updates (itself included,
// squared Euclidean distance, ties broken by index), after which any rule is applied.

#include <string>

#include "fl/tensor.h"

namespace fedsec::defenses {

// Requirement n >= 2f+1.
bool nnm_accepts(int64_t n, int64_t f);
std::string nnm_requirement();

// x: n x d float32, finite. Returns the mixed n x d matrix (one Gram product, one n x n x d product).
torch::Tensor nearest_neighbour_mixing(const torch::Tensor& x, int64_t f);

}  // namespace fedsec::defenses
