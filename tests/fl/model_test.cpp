#include "fl/model.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fl/errors.h"
#include "fl/models/convnet.h"
#include "fl/models/dense_net.h"
#include "fl/models/torchscript_model.h"

namespace fedsec::fl {
namespace {

// Autograd reference for the hand-written backward pass of DenseNet.
torch::Tensor autograd_gradient(Model& model, const torch::Tensor& x, const torch::Tensor& y) {
  model.grad().zero_();
  auto loss = at::cross_entropy_loss(model.forward(x), y);
  loss.backward();
  return model.grad().clone();
}

class DenseNetGradient : public ::testing::TestWithParam<std::tuple<std::vector<int64_t>, Activation>> {
 protected:
  // The parameterised architecture, initialised from init_seed.
  DenseNetOptions options(uint64_t init_seed) const {
    DenseNetOptions o;
    o.hidden = std::get<0>(GetParam());
    o.activation = std::get<1>(GetParam());
    o.init_seed = init_seed;
    return o;
  }
};

TEST_P(DenseNetGradient, HandWrittenBackwardMatchesAutograd) {
  DenseNet net(options(7));
  torch::manual_seed(3);
  auto x = torch::randn({17, 1, 28, 28});
  auto y = torch::randint(0, 10, {17}, torch::kInt64);
  const auto reference = autograd_gradient(net, x, y);
  // The loss of the LibTorch graph (autograd on), independent of the kernels under test.
  const auto expected_loss = at::cross_entropy_loss(net.forward(x), y).detach();
  const double loss = net.loss_and_grad(x, y);
  EXPECT_NEAR(loss, expected_loss.item<double>(), 1e-5);
  EXPECT_TRUE(torch::allclose(net.grad(), reference, 1e-4, 1e-6));
}

// Without autograd the logits come from fedsec's kernels; they agree with the LibTorch graph.
TEST_P(DenseNetGradient, ForwardWithoutAutogradMatchesTheGraph) {
  DenseNet net(options(5));
  torch::manual_seed(4);
  auto x = torch::randn({33, 1, 28, 28});
  const auto graph = net.forward(x);
  ASSERT_TRUE(graph.requires_grad());
  torch::Tensor plain;
  {
    torch::NoGradGuard no_grad;
    plain = net.forward(x);
  }
  EXPECT_FALSE(plain.requires_grad());
  EXPECT_TRUE(torch::allclose(plain, graph.detach(), 1e-5, 1e-5));
}

INSTANTIATE_TEST_SUITE_P(Architectures, DenseNetGradient,
                         ::testing::Values(std::make_tuple(std::vector<int64_t>{}, Activation::ReLU),
                                           std::make_tuple(std::vector<int64_t>{32}, Activation::ReLU),
                                           std::make_tuple(std::vector<int64_t>{32, 16}, Activation::Sigmoid),
                                           std::make_tuple(std::vector<int64_t>{8}, Activation::Tanh)));

// The message of the std::invalid_argument that f throws ("" if it throws none).
template <typename F>
std::string invalid_argument_message(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(DenseNet, RejectsLabelsOutsideTheClassesAndWrongInputWidth) {
  DenseNet net(DenseNetOptions{});
  auto x = torch::zeros({2, 784});
  EXPECT_THROW(net.loss_and_grad(x, torch::tensor({0, 10}, torch::kInt64)), std::invalid_argument);
  EXPECT_THROW(net.loss_and_grad(x, torch::tensor({-1, 0}, torch::kInt64)), std::invalid_argument);
  EXPECT_THROW(net.loss_and_grad(torch::zeros({2, 783}), torch::tensor({0, 1}, torch::kInt64)),
               std::invalid_argument);
  EXPECT_NO_THROW(net.loss_and_grad(x, torch::tensor({0, 9}, torch::kInt64)));
  EXPECT_EQ(invalid_argument_message([&] {
              net.loss_and_grad(x, torch::tensor({0, 10}, torch::kInt64));
            }),
            "DenseNet: label 10 is outside [0, 10)");
  EXPECT_EQ(invalid_argument_message([&] {
              net.trace_batch(torch::zeros({2, 783}), torch::tensor({0, 1}, torch::kInt64));
            }),
            "DenseNet: expected float inputs of 784 values per sample");
}

TEST(ConvNet, SameSeedSameInitDifferentSeedDifferentInit) {
  ConvNetOptions a;
  a.init_seed = 1;
  ConvNetOptions b = a;
  b.init_seed = 2;
  EXPECT_TRUE(torch::equal(ConvNet(a).params(), ConvNet(a).params()));
  EXPECT_FALSE(torch::equal(ConvNet(a).params(), ConvNet(b).params()));
}

TEST(ConvNet, GradientLandsInFlatVectorAndCloneIsIndependent) {
  ConvNetOptions options;
  options.activation = Activation::Sigmoid;
  ConvNet net(options);
  auto x = torch::randn({4, 1, 28, 28});
  auto y = torch::tensor({0, 1, 2, 3}, torch::kInt64);
  net.loss_and_grad(x, y);
  EXPECT_GT(net.grad().abs().sum().item<double>(), 0.0);
  const auto first = net.grad().clone();
  net.loss_and_grad(x, y);  // overwrites rather than accumulates
  EXPECT_TRUE(torch::allclose(net.grad(), first));
  auto copy = net.clone();
  EXPECT_TRUE(torch::equal(copy->params(), net.params()));
  copy->params().zero_();
  EXPECT_FALSE(torch::equal(copy->params(), net.params()));
}

TEST(TorchScriptModel, LoadsModuleSavedFromPythonAndTrainsThroughFlatVector) {
  const auto dir = std::filesystem::temp_directory_path() / "fedsec_torchscript_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "mlp.pt").string();
  const std::string script_path = (dir / "make_module.py").string();
  std::ofstream(script_path) << "import sys, torch\n"
                                "class Net(torch.nn.Module):\n"
                                "    def __init__(self):\n"
                                "        super().__init__()\n"
                                "        self.fc1 = torch.nn.Linear(784, 16)\n"
                                "        self.fc2 = torch.nn.Linear(16, 10)\n"
                                "    def forward(self, x):\n"
                                "        return self.fc2(torch.relu(self.fc1(x.flatten(1))))\n"
                                "torch.jit.save(torch.jit.script(Net()), sys.argv[1])\n";
  const std::string command = "/usr/bin/python3 " + script_path + " " + path;
  if (std::system(command.c_str()) != 0) GTEST_SKIP() << "Debian python3-torch is not installed";
  TorchScriptModel model(path);
  EXPECT_EQ(model.layout().size(), 784 * 16 + 16 + 16 * 10 + 10);
  EXPECT_EQ(model.layout().entries()[0].name, "fc1.weight");
  auto x = torch::randn({5, 1, 28, 28});
  auto y = torch::tensor({1, 2, 3, 4, 5}, torch::kInt64);
  const double before = model.loss_and_grad(x, y);
  model.params().add_(model.grad(), -0.5);
  const double after = model.loss_and_grad(x, y);
  EXPECT_LT(after, before);
  auto copy = model.clone();
  EXPECT_TRUE(torch::equal(copy->params(), model.params()));
  EXPECT_THROW(TorchScriptModel((dir / "missing.pt").string()), std::runtime_error);
  // No per-sample gradient rule for scripted modules: the error names the first layer.
  try {
    model.trace_batch(x, y);
    ADD_FAILURE() << "trace_batch should refuse a TorchScript model";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("'fc1'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace fedsec::fl
