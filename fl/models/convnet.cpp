#include "fl/models/convnet.h"

#include <torch/csrc/autograd/autograd.h>

#include <cmath>

#include "fl/models/conv_per_sample.h"
#include "fl/models/max_pool.h"

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
  auto h = max_pool2x2(act(torch::conv2d(x, conv1_w_, conv1_b_, 1, 2)));
  h = max_pool2x2(act(torch::conv2d(h, conv2_w_, conv2_b_)));
  h = act(torch::addmm(fc1_b_, h.flatten(1), fc1_w_.t()));
  h = act(torch::addmm(fc2_b_, h, fc2_w_.t()));
  return torch::addmm(fc3_b_, h, fc3_w_.t());
}

BatchTrace ConvNet::trace_batch(const torch::Tensor& x, const torch::Tensor& y) {
  torch::AutoGradMode enable(true);
  // The same network as forward(), keeping each layer's input and pre-activation output. The
  // parameters enter detached and the first layer's output is made a leaf, so the backward pass
  // computes the gradients w.r.t. the layer outputs and nothing else.
  const torch::Tensor in1 = x;
  const torch::Tensor z1 = torch::conv2d(in1, conv1_w_.detach(), conv1_b_.detach(), 1, 2).requires_grad_();
  const torch::Tensor in2 = max_pool2x2(act(z1));
  const torch::Tensor z2 = torch::conv2d(in2, conv2_w_.detach(), conv2_b_.detach());
  const torch::Tensor in3 = max_pool2x2(act(z2)).flatten(1);
  const torch::Tensor z3 = torch::addmm(fc1_b_.detach(), in3, fc1_w_.detach().t());
  const torch::Tensor in4 = act(z3);
  const torch::Tensor z4 = torch::addmm(fc2_b_.detach(), in4, fc2_w_.detach().t());
  const torch::Tensor in5 = act(z4);
  const torch::Tensor z5 = torch::addmm(fc3_b_.detach(), in5, fc3_w_.detach().t());
  const torch::Tensor losses = at::cross_entropy_loss(z5, y, {}, at::Reduction::None);
  // Gradients of the summed loss w.r.t. the layer outputs.
  const auto backprops = torch::autograd::grad({losses.sum()}, {z1, z2, z3, z4, z5});

  torch::NoGradGuard no_grad;
  BatchTrace trace;
  trace.losses = losses.detach();
  trace.layers.reserve(5);
  auto add = [&](LayerTrace::Kind kind, const std::string& name) -> LayerTrace& {
    LayerTrace& layer = trace.layers.emplace_back();
    layer.kind = kind;
    layer.name = name;
    layer.weight_offset = layout().at(name + ".weight").offset;
    layer.bias_offset = layout().at(name + ".bias").offset;
    return layer;
  };
  LayerTrace& conv1 = add(LayerTrace::Kind::Conv2d, "conv1");
  conv1.weight_grads = conv2d_per_sample_weight_grads(in1, backprops[0], 5, 2);
  conv1.bias_grads = backprops[0].sum({2, 3});
  LayerTrace& conv2 = add(LayerTrace::Kind::Conv2d, "conv2");
  conv2.weight_grads = conv2d_per_sample_weight_grads(in2.detach(), backprops[1], 5, 0);
  conv2.bias_grads = backprops[1].sum({2, 3});
  const torch::Tensor inputs[] = {in3.detach(), in4.detach(), in5.detach()};
  for (int k = 0; k < 3; ++k) {
    LayerTrace& fc = add(LayerTrace::Kind::Linear, "fc" + std::to_string(k + 1));
    fc.input = inputs[k];
    fc.backprop = backprops[2 + k];
  }
  return trace;
}

std::unique_ptr<Model> ConvNet::clone() const {
  auto copy = std::make_unique<ConvNet>(options_);
  copy->params().copy_(params());
  return copy;
}

}  // namespace fedsec::fl
