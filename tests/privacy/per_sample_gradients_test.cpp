#include "privacy/per_sample_gradients.h"

#include <gtest/gtest.h>

#include "fl/errors.h"
#include "fl/models/convnet.h"
#include "fl/models/dense_net.h"

namespace fedsec::privacy {
namespace {

struct Batch {
  torch::Tensor x, y;
};

Batch random_batch(int64_t n, uint64_t seed) {
  auto g = at::detail::createCPUGenerator(seed);
  return {at::randn({n, 1, 28, 28}, g), at::randint(0, 10, {n}, g, torch::kInt64)};
}

// Row i: the gradient of sample i's loss, from the model's own (batch-mean) gradient on a batch
// of one, the reference the batched rules must reproduce.
torch::Tensor per_sample_loop(fl::Model& model, const Batch& b) {
  const int64_t n = b.x.size(0);
  auto out = torch::empty({n, model.params().numel()});
  for (int64_t i = 0; i < n; ++i) {
    torch::AutoGradMode enable(true);
    model.loss_and_grad(b.x.narrow(0, i, 1), b.y.narrow(0, i, 1));
    out[i].copy_(model.grad());
  }
  return out;
}

std::vector<std::unique_ptr<fl::Model>> models() {
  std::vector<std::unique_ptr<fl::Model>> m;
  m.push_back(std::make_unique<fl::DenseNet>(fl::DenseNetOptions{784, {}, 10, fl::Activation::ReLU, 1}));
  m.push_back(
      std::make_unique<fl::DenseNet>(fl::DenseNetOptions{784, {32, 16}, 10, fl::Activation::Sigmoid, 2}));
  m.push_back(std::make_unique<fl::ConvNet>(fl::ConvNetOptions{1, 10, fl::Activation::ReLU, 3}));
  m.push_back(std::make_unique<fl::ConvNet>(fl::ConvNetOptions{1, 10, fl::Activation::Tanh, 4}));
  return m;
}

TEST(PerSampleGradients, EqualALoopOverSamples) {
  const Batch b = random_batch(6, 11);
  for (auto& model : models()) {
    const auto expected = per_sample_loop(*model, b);
    const auto trace = model->trace_batch(b.x, b.y);
    const auto got = per_sample_gradients(trace, model->params().numel());
    const double scale = std::max(1.0, expected.abs().max().item<double>());
    EXPECT_LE((got - expected).abs().max().item<double>(), 1e-5 * scale);
    // The per-sample losses are the model's own losses.
    torch::NoGradGuard no_grad;
    const auto losses = at::cross_entropy_loss(model->forward(b.x), b.y, {}, at::Reduction::None);
    EXPECT_LE((trace.losses - losses).abs().max().item<double>(), 1e-5);
  }
}

TEST(PerSampleGradients, NormsAndWeightedSumsMatchTheMaterializedGradients) {
  const Batch b = random_batch(9, 12);
  for (auto& model : models()) {
    const auto trace = model->trace_batch(b.x, b.y);
    const auto grads = per_sample_gradients(trace, model->params().numel()).to(torch::kFloat64);
    const auto expected_norms = grads.square().sum(1);
    const auto norms = per_sample_squared_norms(trace);
    EXPECT_LE(((norms - expected_norms).abs() / expected_norms).max().item<double>(), 1e-5);

    auto g = at::detail::createCPUGenerator(5);
    const auto weights = at::rand({9}, g, torch::kFloat64);
    auto sum = torch::empty({model->params().numel()});
    weighted_gradient_sum(trace, weights, sum);
    const auto expected_sum = weights.matmul(grads);
    const double scale = std::max(1.0, expected_sum.abs().max().item<double>());
    EXPECT_LE((sum.to(torch::kFloat64) - expected_sum).abs().max().item<double>(), 1e-5 * scale);
  }
}

TEST(PerSampleGradients, ClippedGradientsNeverExceedTheBound) {
  const Batch b = random_batch(16, 13);
  for (auto& model : models()) {
    const auto trace = model->trace_batch(b.x, b.y);
    const auto grads = per_sample_gradients(trace, model->params().numel()).to(torch::kFloat64);
    for (double clip : {1e-3, 0.1, 1.0}) {
      const auto factors = clip_factors(per_sample_squared_norms(trace), clip);
      const auto clipped_norms = (grads * factors.unsqueeze(1)).norm(2, {1});
      EXPECT_LE(clipped_norms.max().item<double>(), clip);
      // Samples already inside the ball are untouched.
      const auto inside = grads.norm(2, {1}) < clip;
      EXPECT_TRUE((factors.masked_select(inside) > 1 - 1e-5).all().item<bool>());
    }
  }
}

TEST(PerSampleGradients, WeightedSumsZeroWhatNoLayerCoversAndCheckTheWeights) {
  const Batch b = random_batch(5, 14);
  fl::DenseNet model(fl::DenseNetOptions{784, {8}, 10, fl::Activation::ReLU, 5});
  fl::BatchTrace trace = model.trace_batch(b.x, b.y);
  const auto grads = per_sample_gradients(trace, model.params().numel()).to(torch::kFloat64);
  const auto weights = torch::full({5}, 0.5, torch::kFloat64);
  // Keep only the output layer: the hidden layer's parameters are then covered by no layer.
  const fl::LayerTrace output = trace.layers.back();
  trace.layers = {output};
  auto sum = torch::full({model.params().numel()}, NAN);
  weighted_gradient_sum(trace, weights, sum);
  const auto expected = weights.matmul(grads);
  // The output layer's weight and bias are one block, after the hidden layer's.
  const int64_t begin = output.weight_offset, end = output.bias_offset + output.backprop.size(1);
  ASSERT_EQ(output.bias_offset, begin + output.backprop.size(1) * output.input.size(1));
  ASSERT_GT(begin, 0);
  EXPECT_LE((sum.slice(0, begin, end).to(torch::kFloat64) - expected.slice(0, begin, end))
                .abs()
                .max()
                .item<double>(),
            1e-5);
  EXPECT_EQ(sum.slice(0, 0, begin).abs().max().item<float>(), 0.0f);
  EXPECT_EQ(end, sum.numel());
  // One weight per sample, no more and no fewer.
  for (const auto& bad : {torch::ones({1}, torch::kFloat64), torch::ones({4}, torch::kFloat64),
                          torch::ones({5, 1}, torch::kFloat64)})
    try {
      weighted_gradient_sum(trace, bad, sum);
      ADD_FAILURE() << "accepted " << bad.sizes();
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("expected one weight per sample (5)"), std::string::npos)
          << e.what();
    }
}

// A model with a layer that has no per-sample rule.
class Unsupported final : public fl::Model {
 public:
  Unsupported() { bind_parameters({{"bn.weight", torch::ones({3})}}); }
  torch::Tensor forward(const torch::Tensor& x) override { return x; }
  std::unique_ptr<fl::Model> clone() const override { return std::make_unique<Unsupported>(); }
};

TEST(PerSampleGradients, ModelsWithoutARuleAreRefusedWithAUsageError) {
  Unsupported model;
  const Batch b = random_batch(2, 14);
  EXPECT_THROW(model.trace_batch(b.x, b.y), UsageError);
}

}  // namespace
}  // namespace fedsec::privacy
