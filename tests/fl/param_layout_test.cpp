#include "fl/param_layout.h"

#include <gtest/gtest.h>

#include "fl/models/convnet.h"
#include "fl/models/dense_net.h"

namespace fedsec::fl {
namespace {

TEST(ParamLayout, OffsetsAreContiguousInOrder) {
  ParamLayout layout;
  layout.append("w", {3, 4});
  layout.append("b", {3});
  EXPECT_EQ(layout.size(), 15);
  EXPECT_EQ(layout.at("b").offset, 12);
  EXPECT_EQ(layout.at("w").numel, 12);
  EXPECT_THROW(layout.at("missing"), std::out_of_range);
}

TEST(ParamLayout, ModelTensorsAreViewsOfTheFlatVector) {
  ConvNet net(ConvNetOptions{});
  const auto& layout = net.layout();
  EXPECT_EQ(layout.size(), 61706);  // LeNet-5 on 28x28: 156 + 2416 + 48120 + 10164 + 850
  EXPECT_EQ(layout.entries().front().name, "conv1.weight");
  auto x = torch::randn({2, 1, 28, 28});
  torch::NoGradGuard no_grad;
  const auto before = net.forward(x);
  net.params().zero_();  // writing the flat vector changes the network
  const auto after = net.forward(x);
  EXPECT_FALSE(torch::allclose(before, after));
  EXPECT_TRUE(torch::allclose(after, torch::zeros_like(after)));
}

TEST(ParamLayout, DenseNetLayoutNamesLayers) {
  DenseNetOptions options;
  options.hidden = {200};
  DenseNet mlp(options);
  EXPECT_EQ(mlp.layout().size(), 784 * 200 + 200 + 200 * 10 + 10);
  EXPECT_EQ(mlp.layout().at("fc2.bias").shape, std::vector<int64_t>{10});
}

}  // namespace
}  // namespace fedsec::fl
