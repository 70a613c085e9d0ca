#include "fl/models/max_pool.h"

#include <torch/csrc/autograd/custom_function.h>

#include <cmath>
#include <limits>

namespace fedsec::fl {
namespace {

// Output and argmax (flat index within its H x W plane) of each 2 x 2 window, visiting the window
// in row-major order with the same comparison as LibTorch's kernel, so ties and NaNs resolve alike.
void pool_plane(const float* in, int64_t height, int64_t width, float* out, int64_t* index) {
  const int64_t out_height = height / 2, out_width = width / 2;
  for (int64_t oh = 0; oh < out_height; ++oh)
    for (int64_t ow = 0; ow < out_width; ++ow) {
      int64_t best = 2 * oh * width + 2 * ow;
      float max = -std::numeric_limits<float>::infinity();
      for (int64_t dh = 0; dh < 2; ++dh)
        for (int64_t dw = 0; dw < 2; ++dw) {
          const int64_t at = (2 * oh + dh) * width + 2 * ow + dw;
          const float value = in[at];
          if (value > max || std::isnan(value)) {
            max = value;
            best = at;
          }
        }
      out[oh * out_width + ow] = max;
      index[oh * out_width + ow] = best;
    }
}

struct MaxPool2x2 : torch::autograd::Function<MaxPool2x2> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x) {
    const int64_t planes = x.size(0) * x.size(1), height = x.size(2), width = x.size(3);
    auto out = torch::empty({x.size(0), x.size(1), height / 2, width / 2}, x.options());
    auto index = torch::empty(out.sizes(), x.options().dtype(torch::kInt64));
    const int64_t in_plane = height * width, out_plane = (height / 2) * (width / 2);
    const float* in = x.data_ptr<float>();
    float* o = out.data_ptr<float>();
    int64_t* i = index.data_ptr<int64_t>();
    for (int64_t p = 0; p < planes; ++p)
      pool_plane(in + p * in_plane, height, width, o + p * out_plane, i + p * out_plane);
    ctx->save_for_backward({x, index});
    return out;
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                               torch::autograd::tensor_list grads) {
    const auto saved = ctx->get_saved_variables();
    return {at::max_pool2d_with_indices_backward(grads[0], saved[0], {2, 2}, {2, 2}, {0, 0}, {1, 1}, false,
                                                 saved[1])};
  }
};

}  // namespace

torch::Tensor max_pool2x2(const torch::Tensor& x) {
  if (x.dim() != 4 || x.scalar_type() != torch::kFloat32 || !x.is_contiguous() || x.size(2) < 2 ||
      x.size(3) < 2)
    return torch::max_pool2d(x, 2);
  return MaxPool2x2::apply(x);
}

}  // namespace fedsec::fl
