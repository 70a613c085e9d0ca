#include "fl/models/dense_net.h"

#include <cmath>
#include <stdexcept>

namespace fedsec::fl {
namespace {

void activate_(torch::Tensor& z, Activation a) {
  switch (a) {
    case Activation::ReLU:
      z.relu_();
      break;
    case Activation::Sigmoid:
      z.sigmoid_();
      break;
    case Activation::Tanh:
      z.tanh_();
      break;
  }
}

// Multiplies the gradient w.r.t. a layer's output by the activation's derivative, expressed
// through the activation's output a.
void backprop_activation_(torch::Tensor& grad, const torch::Tensor& a, Activation act) {
  switch (act) {
    case Activation::ReLU:
      grad.masked_fill_(a <= 0, 0);
      break;
    case Activation::Sigmoid:
      grad.mul_(a * (1 - a));
      break;
    case Activation::Tanh:
      grad.mul_(1 - a * a);
      break;
  }
}

}  // namespace

Activation parse_activation(const std::string& name) {
  if (name == "relu") return Activation::ReLU;
  if (name == "sigmoid") return Activation::Sigmoid;
  if (name == "tanh") return Activation::Tanh;
  throw std::invalid_argument("unknown activation '" + name + "': expected relu, sigmoid or tanh");
}

DenseNet::DenseNet(DenseNetOptions options) : options_(std::move(options)) {
  auto generator = at::detail::createCPUGenerator(options_.init_seed);
  std::vector<int64_t> sizes{options_.inputs};
  sizes.insert(sizes.end(), options_.hidden.begin(), options_.hidden.end());
  sizes.push_back(options_.classes);
  std::vector<std::pair<std::string, torch::Tensor>> named;
  for (size_t l = 0; l + 1 < sizes.size(); ++l) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(sizes[l]));
    const std::string prefix = "fc" + std::to_string(l + 1);
    named.emplace_back(
        prefix + ".weight",
        torch::empty({sizes[l + 1], sizes[l]}).uniform_(-bound, bound, generator).set_requires_grad(true));
    named.emplace_back(
        prefix + ".bias",
        torch::empty({sizes[l + 1]}).uniform_(-bound, bound, generator).set_requires_grad(true));
  }
  bind_parameters(named);
  for (size_t i = 0; i < named.size(); i += 2) {
    weights_.push_back(named[i].second);
    biases_.push_back(named[i + 1].second);
    weight_grads_.push_back(named[i].second.grad());
    bias_grads_.push_back(named[i + 1].second.grad());
  }
  activations_.resize(weights_.size());
}

torch::Tensor DenseNet::forward(const torch::Tensor& x) {
  torch::Tensor h = x.reshape({x.size(0), -1});
  for (size_t l = 0; l < weights_.size(); ++l) {
    h = torch::addmm(biases_[l], h, weights_[l].t());
    if (l + 1 < weights_.size()) activate_(h, options_.activation);
  }
  return h;
}

double DenseNet::loss_and_grad(const torch::Tensor& x, const torch::Tensor& y) {
  torch::NoGradGuard no_grad;
  const int64_t n = x.size(0);
  const size_t layers = weights_.size();
  activations_[0] = x.reshape({n, -1});
  torch::Tensor z;
  for (size_t l = 0; l < layers; ++l) {
    z = torch::addmm(biases_[l], activations_[l], weights_[l].t());
    if (l + 1 < layers) {
      activate_(z, options_.activation);
      activations_[l + 1] = z;
    }
  }
  // Softmax cross-entropy: d(mean loss)/d(logits) = (softmax - onehot) / n.
  auto log_probs = torch::log_softmax(z, 1);
  const double loss = -log_probs.gather(1, y.unsqueeze(1)).mean().item<double>();
  auto delta = log_probs.exp_();
  delta.scatter_add_(1, y.unsqueeze(1), torch::full({n, 1}, -1.0f));
  delta.div_(static_cast<double>(n));
  for (size_t l = layers; l-- > 0;) {
    torch::mm_out(weight_grads_[l], delta.t(), activations_[l]);
    torch::sum_out(bias_grads_[l], delta, {0});
    if (l > 0) {
      delta = delta.mm(weights_[l]);
      backprop_activation_(delta, activations_[l], options_.activation);
    }
  }
  return loss;
}

BatchTrace DenseNet::trace_batch(const torch::Tensor& x, const torch::Tensor& y) {
  torch::NoGradGuard no_grad;
  const int64_t n = x.size(0);
  const size_t layers = weights_.size();
  BatchTrace trace;
  trace.layers.resize(layers);
  torch::Tensor h = x.reshape({n, -1});
  for (size_t l = 0; l < layers; ++l) {
    LayerTrace& layer = trace.layers[l];
    layer.kind = LayerTrace::Kind::Linear;
    layer.name = "fc" + std::to_string(l + 1);
    layer.weight_offset = layout().at(layer.name + ".weight").offset;
    layer.bias_offset = layout().at(layer.name + ".bias").offset;
    layer.input = h;
    h = torch::addmm(biases_[l], h, weights_[l].t());
    if (l + 1 < layers) activate_(h, options_.activation);
  }
  // Per-sample softmax cross-entropy: d(loss_i)/d(logits_i) = softmax_i - onehot_i.
  auto log_probs = torch::log_softmax(h, 1);
  trace.losses = -log_probs.gather(1, y.unsqueeze(1)).squeeze(1);
  auto delta = log_probs.exp_();
  delta.scatter_add_(1, y.unsqueeze(1), torch::full({n, 1}, -1.0f));
  for (size_t l = layers; l-- > 0;) {
    trace.layers[l].backprop = delta;
    if (l > 0) {
      delta = delta.mm(weights_[l]);
      backprop_activation_(delta, trace.layers[l].input, options_.activation);
    }
  }
  return trace;
}

std::unique_ptr<Model> DenseNet::clone() const {
  auto copy = std::make_unique<DenseNet>(options_);
  copy->params().copy_(params());
  return copy;
}

}  // namespace fedsec::fl
