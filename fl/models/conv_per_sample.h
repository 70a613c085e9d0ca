#pragma once
// Per-sample weight gradients of a Conv2d layer, as DP-SGD needs them (fl/batch_trace.h).

#include "fl/tensor.h"

namespace fedsec::fl {

// For a stride-1, dilation-1 Conv2d layer with a k x k kernel and zero padding p: from its input x
// (N x C x H x W) and the gradient of the summed per-sample losses w.r.t. its output
// (N x C_out x Ho x Wo), the gradient of each sample's own loss w.r.t. the weight,
// N x C_out x (C k k). Computed in one batched call as the weight gradient of a convolution with
// N groups over the samples stacked as channels (Rochette, Manoel and Tramel 2019, "Efficient
// per-example gradient computations in convolutional neural networks"), so neither the unfolded
// inputs nor a loop over samples is needed.
torch::Tensor conv2d_per_sample_weight_grads(const torch::Tensor& x, const torch::Tensor& output_grad,
                                             int64_t kernel, int64_t padding);

}  // namespace fedsec::fl
