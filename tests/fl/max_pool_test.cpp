// max_pool2x2 against torch::max_pool2d(x, 2): values, first and second derivatives, ties, NaN.
#include <gtest/gtest.h>

#include <torch/csrc/autograd/autograd.h>

#include <limits>

#include "fl/models/max_pool.h"

namespace fedsec::fl {
namespace {

bool bit_equal(const torch::Tensor& a, const torch::Tensor& b) {
  return a.sizes() == b.sizes() && torch::equal(a.isnan(), b.isnan()) &&
         torch::equal(a.nan_to_num(0, 0, 0), b.nan_to_num(0, 0, 0));
}

TEST(MaxPool2x2, ValueAndGradientEqualLibTorchsBitForBit) {
  for (auto shape : {std::vector<int64_t>{32, 6, 28, 28}, {3, 16, 10, 10}, {2, 1, 7, 9}}) {
    auto x = torch::randn(shape).requires_grad_();
    auto g = torch::randn({shape[0], shape[1], shape[2] / 2, shape[3] / 2});
    auto ours = max_pool2x2(x);
    auto theirs = torch::max_pool2d(x, 2);
    EXPECT_TRUE(bit_equal(ours, theirs));
    const auto grad_ours = torch::autograd::grad({ours}, {x}, {g})[0];
    const auto grad_theirs = torch::autograd::grad({theirs}, {x}, {g})[0];
    EXPECT_TRUE(bit_equal(grad_ours, grad_theirs));
  }
}

TEST(MaxPool2x2, TiesInfinitiesAndNaNPickTheSamePositionAsLibTorch) {
  auto x = torch::zeros({1, 2, 4, 18});  // 9 windows a row: four at a time, then one alone
  x[0][0][0][1] = std::numeric_limits<float>::quiet_NaN();
  x[0][0][1][0] = std::numeric_limits<float>::quiet_NaN();  // two NaNs in one window
  x[0][0][2].fill_(-std::numeric_limits<float>::infinity());
  x[0][0][3].fill_(-std::numeric_limits<float>::infinity());  // a window of -inf only
  x[0][1][1][1] = 1.0f;
  x[0][1][0][0] = 1.0f;                                      // a tie
  x[0][1][3][17] = std::numeric_limits<float>::quiet_NaN();  // in the last window
  x[0][1][2][9] = 2.0f;
  x[0][1][3][8] = 2.0f;  // a tie between the two rows
  x.requires_grad_();
  const auto g = torch::arange(36, torch::kFloat32).reshape({1, 2, 2, 9}) + 1;
  auto ours = max_pool2x2(x);
  auto theirs = torch::max_pool2d(x, 2);
  EXPECT_TRUE(bit_equal(ours, theirs));
  EXPECT_TRUE(
      bit_equal(torch::autograd::grad({ours}, {x}, {g})[0], torch::autograd::grad({theirs}, {x}, {g})[0]));
}

TEST(MaxPool2x2, SecondDerivativesEqualLibTorchs) {
  // Gradient inversion differentiates the gradient itself: d/dx of <grad_x f(x), v>.
  auto x = torch::randn({2, 3, 8, 8}).requires_grad_();
  const auto v = torch::randn({2, 3, 8, 8});
  auto second = [&](auto pool) {
    const auto y = torch::sigmoid(pool(x)).pow(2).sum();
    const auto g = torch::autograd::grad({y}, {x}, {}, true, true)[0];
    return torch::autograd::grad({(g * v).sum()}, {x})[0];
  };
  const auto ours = second([](const torch::Tensor& t) { return max_pool2x2(t); });
  const auto theirs = second([](const torch::Tensor& t) { return torch::max_pool2d(t, 2); });
  EXPECT_TRUE(torch::allclose(ours, theirs, 1e-6, 1e-6));
  EXPECT_GT(ours.abs().sum().item<float>(), 0.0f);
}

TEST(MaxPool2x2, OtherInputsFallBackToLibTorch) {
  const auto d = torch::randn({1, 1, 6, 6}, torch::kFloat64);
  EXPECT_TRUE(torch::equal(max_pool2x2(d), torch::max_pool2d(d, 2)));
  const auto strided = torch::randn({1, 1, 6, 12}).slice(3, 0, 12, 2);
  EXPECT_TRUE(torch::equal(max_pool2x2(strided), torch::max_pool2d(strided, 2)));
}

}  // namespace
}  // namespace fedsec::fl
