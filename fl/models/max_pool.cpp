#include "fl/models/max_pool.h"

#include <torch/csrc/autograd/custom_function.h>

#include <cmath>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace fedsec::fl {
namespace {

// Which of a window's four elements (0 top left, 1 top right, 2 bottom left, 3 bottom right) is
// its maximum, visiting them in that order with the comparison of LibTorch's kernel (a later element
// wins if greater, or if NaN), so that ties and NaNs resolve alike. Starting from the first element
// is the same as LibTorch's start from -infinity at the first position.
inline int pick(const float (&v)[4]) {
  int best = 0;
  for (int c = 1; c < 4; ++c)
    if (v[c] > v[best] || std::isnan(v[c])) best = c;
  return best;
}

// Output and argmax (flat index within its H x W plane) of each 2 x 2 window of one plane.
void pool_plane(const float* in, int64_t height, int64_t width, float* out, int64_t* index) {
  const int64_t out_height = height / 2, out_width = width / 2;
  for (int64_t oh = 0; oh < out_height; ++oh) {
    const float* row0 = in + 2 * oh * width;
    const float* row1 = row0 + width;
    float* out_row = out + oh * out_width;
    int64_t* index_row = index + oh * out_width;
    int best[4];
    int64_t ow = 0;
#ifdef __SSE2__
    // Four windows at a time with masks instead of branches: which element wins is data, and a
    // branch on it is mispredicted about half the time.
    for (; ow + 4 <= out_width; ow += 4) {
      const __m128 top_lo = _mm_loadu_ps(row0 + 2 * ow), top_hi = _mm_loadu_ps(row0 + 2 * ow + 4);
      const __m128 bottom_lo = _mm_loadu_ps(row1 + 2 * ow), bottom_hi = _mm_loadu_ps(row1 + 2 * ow + 4);
      const __m128 v[4] = {_mm_shuffle_ps(top_lo, top_hi, _MM_SHUFFLE(2, 0, 2, 0)),
                           _mm_shuffle_ps(top_lo, top_hi, _MM_SHUFFLE(3, 1, 3, 1)),
                           _mm_shuffle_ps(bottom_lo, bottom_hi, _MM_SHUFFLE(2, 0, 2, 0)),
                           _mm_shuffle_ps(bottom_lo, bottom_hi, _MM_SHUFFLE(3, 1, 3, 1))};
      __m128 max = v[0];
      __m128i which = _mm_setzero_si128();
      for (int c = 1; c < 4; ++c) {
        const __m128 take = _mm_or_ps(_mm_cmpgt_ps(v[c], max), _mm_cmpunord_ps(v[c], v[c]));
        max = _mm_or_ps(_mm_and_ps(take, v[c]), _mm_andnot_ps(take, max));
        const __m128i mask = _mm_castps_si128(take);
        which = _mm_or_si128(_mm_and_si128(mask, _mm_set1_epi32(c)), _mm_andnot_si128(mask, which));
      }
      _mm_storeu_ps(out_row + ow, max);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(best), which);
      for (int l = 0; l < 4; ++l)
        index_row[ow + l] = (2 * oh + best[l] / 2) * width + 2 * (ow + l) + best[l] % 2;
    }
#endif
    for (; ow < out_width; ++ow) {
      const float v[4] = {row0[2 * ow], row0[2 * ow + 1], row1[2 * ow], row1[2 * ow + 1]};
      const int c = pick(v);
      out_row[ow] = v[c];
      index_row[ow] = (2 * oh + c / 2) * width + 2 * ow + c % 2;
    }
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
