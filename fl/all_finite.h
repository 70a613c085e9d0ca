#pragma once
// A finiteness check over a whole tensor in one pass and without temporaries (torch::isfinite
// builds a boolean tensor of the same size first, which costs more than the update it checks).

#include "fl/tensor.h"

namespace fedsec::fl {

// True when no entry of t is NaN or +-Inf. Any floating dtype and layout; float32 contiguous
// tensors take a single vectorised pass.
bool all_finite(const torch::Tensor& t);

}  // namespace fedsec::fl
