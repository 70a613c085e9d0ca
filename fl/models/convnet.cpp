#include "fl/models/convnet.h"

#include <cmath>

namespace fedsec::fl {
namespace {

// A parameter tensor drawn from U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as PyTorch's default
// initialization of Conv2d and Linear gives for both weight and bias.
torch::Tensor uniform_param(std::vector<int64_t> shape, int64_t fan_in, at::Generator& generator) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
  return torch::empty(shape).uniform_(-bound, bound, generator).set_requires_grad(true);
}

}  // namespace

ConvNet::ConvNet(ConvNetOptions options) : options_(options) {
  auto g = at::detail::createCPUGenerator(options_.init_seed);
  const int64_t c = options_.channels;
  conv1_w_ = uniform_param({6, c, 5, 5}, c * 25, g);
  conv1_b_ = uniform_param({6}, c * 25, g);
  conv2_w_ = uniform_param({16, 6, 5, 5}, 150, g);
  conv2_b_ = uniform_param({16}, 150, g);
  fc1_w_ = uniform_param({120, 400}, 400, g);
  fc1_b_ = uniform_param({120}, 400, g);
  fc2_w_ = uniform_param({84, 120}, 120, g);
  fc2_b_ = uniform_param({84}, 120, g);
  fc3_w_ = uniform_param({options_.classes, 84}, 84, g);
  fc3_b_ = uniform_param({options_.classes}, 84, g);
  bind_parameters({{"conv1.weight", conv1_w_},
                   {"conv1.bias", conv1_b_},
                   {"conv2.weight", conv2_w_},
                   {"conv2.bias", conv2_b_},
                   {"fc1.weight", fc1_w_},
                   {"fc1.bias", fc1_b_},
                   {"fc2.weight", fc2_w_},
                   {"fc2.bias", fc2_b_},
                   {"fc3.weight", fc3_w_},
                   {"fc3.bias", fc3_b_}});
}

torch::Tensor ConvNet::act(const torch::Tensor& x) const {
  switch (options_.activation) {
    case Activation::ReLU:
      return torch::relu(x);
    case Activation::Sigmoid:
      return torch::sigmoid(x);
    case Activation::Tanh:
      return torch::tanh(x);
  }
  return x;
}

torch::Tensor ConvNet::forward(const torch::Tensor& x) {
  auto h = torch::max_pool2d(act(torch::conv2d(x, conv1_w_, conv1_b_, 1, 2)), 2);
  h = torch::max_pool2d(act(torch::conv2d(h, conv2_w_, conv2_b_)), 2);
  h = act(torch::addmm(fc1_b_, h.flatten(1), fc1_w_.t()));
  h = act(torch::addmm(fc2_b_, h, fc2_w_.t()));
  return torch::addmm(fc3_b_, h, fc3_w_.t());
}

std::unique_ptr<Model> ConvNet::clone() const {
  auto copy = std::make_unique<ConvNet>(options_);
  copy->params().copy_(params());
  return copy;
}

}  // namespace fedsec::fl
