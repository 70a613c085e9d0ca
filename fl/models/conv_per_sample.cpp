#include "fl/models/conv_per_sample.h"

namespace fedsec::fl {

torch::Tensor conv2d_per_sample_weight_grads(const torch::Tensor& x, const torch::Tensor& output_grad,
                                             int64_t kernel, int64_t padding) {
  TORCH_CHECK(x.dim() == 4 && output_grad.dim() == 4 && x.size(0) == output_grad.size(0),
              "per-sample conv gradients need N x C x H x W inputs and output gradients");
  const int64_t n = x.size(0), channels = x.size(1), out_channels = output_grad.size(1);
  // Sample i's channels form group i of one image; the weight's values do not enter a weight gradient.
  const auto stacked_input = x.reshape({1, n * channels, x.size(2), x.size(3)});
  const auto stacked_grad =
      output_grad.reshape({1, n * out_channels, output_grad.size(2), output_grad.size(3)});
  const auto weight_shape = at::empty({n * out_channels, channels, kernel, kernel}, x.options());
  const auto grads = at::convolution_backward(stacked_grad, stacked_input, weight_shape, c10::nullopt,
                                              /*stride=*/{1, 1}, {padding, padding}, /*dilation=*/{1, 1},
                                              /*transposed=*/false, /*output_padding=*/{0, 0}, /*groups=*/n,
                                              /*output_mask=*/{false, true, false});
  return std::get<1>(grads).view({n, out_channels, channels * kernel * kernel});
}

}  // namespace fedsec::fl
