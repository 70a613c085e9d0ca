#pragma once
// Per-sample gradient algebra on a BatchTrace (fl/batch_trace.h), without forming the per-sample
// gradients of Linear layers or running the model once per sample. For a Linear layer the gradient of sample
// i is the outer product backprop_i x input_i (and backprop_i for the bias), so its squared norm is
// |input_i|^2 |backprop_i|^2 + |backprop_i|^2 without forming it (Goodfellow 2015, "Efficient
// per-example gradient computations"); a Conv2d layer's per-sample gradients come formed in the
// trace, because they are small.

#include "fl/batch_trace.h"

namespace fedsec::privacy {

// N x num_params: row i is the gradient of sample i's loss w.r.t. the model's flat parameters
// (entries of parameters the trace does not cover stay zero).
torch::Tensor per_sample_gradients(const fl::BatchTrace& trace, int64_t num_params);

// N squared L2 norms of the per-sample gradients (float64, computed in float64).
torch::Tensor per_sample_squared_norms(const fl::BatchTrace& trace);

// N clipping factors min(1, clip / (norm * (1 + 1e-6))): scaled by them, every per-sample
// gradient has norm at most clip. The relative margin of 1e-6 covers the float32 rounding of the
// gradients themselves; a zero gradient gets factor 1.
torch::Tensor clip_factors(const torch::Tensor& squared_norms, double clip);

// out (num_params) = sum_i weights_i * gradient_i, for a vector of N weights; entries of parameters
// the trace does not cover get zero. out must be a contiguous float32 vector and weights must have
// one entry per sample (std::invalid_argument otherwise).
void weighted_gradient_sum(const fl::BatchTrace& trace, const torch::Tensor& weights, torch::Tensor& out);

}  // namespace fedsec::privacy
