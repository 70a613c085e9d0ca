#include "fl/models/conv_per_sample.h"

#include <gtest/gtest.h>
#include <torch/csrc/autograd/autograd.h>

namespace fedsec::fl {
namespace {

// Sample i's weight gradient by autograd on that sample alone.
torch::Tensor one_sample(const torch::Tensor& x, const torch::Tensor& output_grad,
                         const torch::Tensor& weight, int64_t i, int64_t padding) {
  torch::AutoGradMode enable(true);
  const auto w = weight.detach().requires_grad_();
  const auto out = torch::conv2d(x.narrow(0, i, 1), w, {}, 1, padding);
  return torch::autograd::grad({out}, {w}, {output_grad.narrow(0, i, 1)})[0];
}

TEST(ConvPerSample, EqualsAutogradOnEachSampleAlone) {
  auto g = at::detail::createCPUGenerator(4);
  struct Case {
    int64_t n, channels, out_channels, h, w, kernel, padding;
  };
  for (const Case c : {Case{3, 1, 6, 28, 28, 5, 2}, Case{4, 6, 16, 14, 14, 5, 0}, Case{2, 3, 2, 7, 9, 3, 1},
                       Case{1, 2, 4, 5, 5, 5, 0}}) {
    const auto x = at::randn({c.n, c.channels, c.h, c.w}, g);
    const auto weight = at::randn({c.out_channels, c.channels, c.kernel, c.kernel}, g);
    const int64_t out_h = c.h + 2 * c.padding - c.kernel + 1, out_w = c.w + 2 * c.padding - c.kernel + 1;
    const auto output_grad = at::randn({c.n, c.out_channels, out_h, out_w}, g);
    const auto got = conv2d_per_sample_weight_grads(x, output_grad, c.kernel, c.padding);
    ASSERT_EQ(got.sizes(), (std::vector<int64_t>{c.n, c.out_channels, c.channels * c.kernel * c.kernel}));
    for (int64_t i = 0; i < c.n; ++i) {
      const auto expected = one_sample(x, output_grad, weight, i, c.padding).reshape({c.out_channels, -1});
      const double scale = std::max(1.0, expected.abs().max().item<double>());
      EXPECT_LE((got[i] - expected).abs().max().item<double>(), 1e-5 * scale)
          << "case " << c.h << " sample " << i;
    }
  }
}

TEST(ConvPerSample, RefusesTensorsThatAreNotBatchesOfImages) {
  EXPECT_THROW(conv2d_per_sample_weight_grads(torch::zeros({2, 8, 8}), torch::zeros({2, 1, 4, 4}), 5, 0),
               c10::Error);
  EXPECT_THROW(conv2d_per_sample_weight_grads(torch::zeros({2, 1, 8, 8}), torch::zeros({3, 1, 4, 4}), 5, 0),
               c10::Error);
}

}  // namespace
}  // namespace fedsec::fl
