#include "fl/models/dense_net.h"

#include "fl/models/dense_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
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

// The activation applied in place to a layer's outputs held in a buffer, element by element with
// the C library's functions, so that the result does not depend on a vector width.
void activate(std::vector<float>& z, Activation a) {
  switch (a) {
    case Activation::ReLU:
      for (float& v : z) v = v <= 0.0f ? 0.0f : v;  // branch-free; NaN stays NaN, as in relu_
      break;
    case Activation::Sigmoid:
      for (float& v : z) v = 1.0f / (1.0f + std::exp(-v));
      break;
    case Activation::Tanh:
      for (float& v : z) v = std::tanh(v);
      break;
  }
}

// grad times the activation's derivative, expressed through the activation's output a.
void backprop_activation(std::vector<float>& grad, const std::vector<float>& a, Activation act) {
  const size_t size = grad.size();
  switch (act) {
    case Activation::ReLU:
      for (size_t i = 0; i < size; ++i) grad[i] = a[i] <= 0.0f ? 0.0f : grad[i];
      break;
    case Activation::Sigmoid:
      for (size_t i = 0; i < size; ++i) grad[i] *= a[i] * (1.0f - a[i]);
      break;
    case Activation::Tanh:
      for (size_t i = 0; i < size; ++i) grad[i] *= 1.0f - a[i] * a[i];
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
}

torch::Tensor DenseNet::forward(const torch::Tensor& x) {
  if (!torch::GradMode::is_enabled()) {  // no graph wanted: the kernels of loss_and_grad
    const torch::Tensor inputs = flat_inputs(x);
    forward_buffers(inputs.data_ptr<float>(), inputs.size(0));
    return torch::from_blob(outputs_.back().data(), {inputs.size(0), options_.classes}, torch::kFloat)
        .clone();
  }
  torch::Tensor h = x.reshape({x.size(0), -1});
  for (size_t l = 0; l < weights_.size(); ++l) {
    h = torch::addmm(biases_[l], h, weights_[l].t());
    if (l + 1 < weights_.size()) activate_(h, options_.activation);
  }
  return h;
}

torch::Tensor DenseNet::flat_inputs(const torch::Tensor& x) const {
  const torch::Tensor inputs = x.reshape({x.size(0), -1}).contiguous();
  if (inputs.scalar_type() != torch::kFloat || inputs.size(1) != options_.inputs)
    throw std::invalid_argument("DenseNet: expected float inputs of " + std::to_string(options_.inputs) +
                                " values per sample");
  return inputs;
}

void DenseNet::forward_buffers(const float* inputs, int64_t n) {
  const size_t layers = weights_.size();
  input_rows_.resize(layers);
  outputs_.resize(layers);
  for (size_t l = 0; l < layers; ++l) {
    const int64_t fan_in = weights_[l].size(1), fan_out = weights_[l].size(0);
    const float* in = l == 0 ? inputs : outputs_[l - 1].data();
    dense::point_at_rows(in, n, fan_in, input_rows_[l]);
    outputs_[l].resize(n * fan_out);
    dense::linear_forward(input_rows_[l].data(), n, weights_[l].data_ptr<float>(), fan_out, fan_in,
                          biases_[l].data_ptr<float>(), outputs_[l].data());
    if (l + 1 < layers) activate(outputs_[l], options_.activation);
  }
}

const int64_t* DenseNet::checked_labels(const torch::Tensor& labels, int64_t n) const {
  if (labels.scalar_type() != torch::kLong || labels.dim() != 1 || labels.size(0) != n ||
      !labels.is_contiguous())
    throw std::invalid_argument("DenseNet: expected one int64 label per sample");
  const int64_t* label = labels.data_ptr<int64_t>();
  for (int64_t i = 0; i < n; ++i)
    if (label[i] < 0 || label[i] >= options_.classes)
      throw std::invalid_argument("DenseNet: label " + std::to_string(label[i]) + " is outside [0, " +
                                  std::to_string(options_.classes) + ")");
  return label;
}

void DenseNet::softmax_cross_entropy(const int64_t* label, int64_t n, float divisor, float* losses) {
  const int64_t classes = options_.classes;
  delta_.resize(n * classes);
  for (int64_t i = 0; i < n; ++i) {
    const float* z = outputs_.back().data() + i * classes;
    float* d = delta_.data() + i * classes;
    const float top = *std::max_element(z, z + classes);
    float sum = 0.0f;
    for (int64_t j = 0; j < classes; ++j) sum += std::exp(z[j] - top);
    const float log_sum = top + std::log(sum);
    losses[i] = log_sum - z[label[i]];
    for (int64_t j = 0; j < classes; ++j)
      d[j] = (std::exp(z[j] - log_sum) - (j == label[i] ? 1.0f : 0.0f)) / divisor;
  }
}

void DenseNet::backprop_below(size_t l, int64_t n) {
  const int64_t fan_in = weights_[l].size(1), fan_out = weights_[l].size(0);
  dense::point_at_rows(weights_[l].data_ptr<float>(), fan_out, fan_in, weight_rows_);
  below_.resize(n * fan_in);
  dense::combine_rows(delta_.data(), fan_out, 1, n, weight_rows_.data(), fan_out, fan_in, below_.data());
  backprop_activation(below_, outputs_[l - 1], options_.activation);
  delta_.swap(below_);
}

double DenseNet::loss_and_grad(const torch::Tensor& x, const torch::Tensor& y) {
  torch::NoGradGuard no_grad;
  const int64_t n = x.size(0);
  const torch::Tensor inputs = flat_inputs(x);
  const torch::Tensor labels = y.contiguous();
  const int64_t* label = checked_labels(labels, n);
  forward_buffers(inputs.data_ptr<float>(), n);
  // d(mean loss)/d(logits) = (softmax - onehot) / n.
  losses_.resize(n);
  softmax_cross_entropy(label, n, static_cast<float>(n), losses_.data());
  double loss = 0.0;
  for (float l : losses_) loss += static_cast<double>(l);

  // Backward: weight gradient delta^T x, bias gradient the column sums of delta, then delta w
  // times the activation's derivative for the layer below.
  for (size_t l = weights_.size(); l-- > 0;) {
    const int64_t fan_in = weights_[l].size(1), fan_out = weights_[l].size(0);
    dense::combine_rows(delta_.data(), 1, fan_out, fan_out, input_rows_[l].data(), n, fan_in,
                        weight_grads_[l].data_ptr<float>());
    float* bias_grad = bias_grads_[l].data_ptr<float>();
    std::fill(bias_grad, bias_grad + fan_out, 0.0f);
    for (int64_t i = 0; i < n; ++i)
      for (int64_t o = 0; o < fan_out; ++o) bias_grad[o] += delta_[i * fan_out + o];
    if (l > 0) backprop_below(l, n);
  }
  return loss / static_cast<double>(n);
}

BatchTrace DenseNet::trace_batch(const torch::Tensor& x, const torch::Tensor& y) {
  torch::NoGradGuard no_grad;
  const int64_t n = x.size(0);
  const size_t layers = weights_.size();
  const torch::Tensor inputs = flat_inputs(x);
  const torch::Tensor labels = y.contiguous();
  const int64_t* label = checked_labels(labels, n);
  forward_buffers(inputs.data_ptr<float>(), n);
  BatchTrace trace;
  trace.losses = torch::empty({n}, torch::kFloat);
  // Per-sample losses: d(loss_i)/d(logits_i) = softmax_i - onehot_i.
  softmax_cross_entropy(label, n, 1.0f, trace.losses.data_ptr<float>());
  auto as_tensor = [n](const std::vector<float>& buffer) {  // a copy the trace owns
    auto copy = torch::empty({n, static_cast<int64_t>(buffer.size()) / n}, torch::kFloat);
    std::memcpy(copy.data_ptr<float>(), buffer.data(), buffer.size() * sizeof(float));
    return copy;
  };
  trace.layers.resize(layers);
  for (size_t l = layers; l-- > 0;) {
    LayerTrace& layer = trace.layers[l];
    layer.kind = LayerTrace::Kind::Linear;
    layer.name = "fc" + std::to_string(l + 1);
    layer.weight_offset = layout().at(layer.name + ".weight").offset;
    layer.bias_offset = layout().at(layer.name + ".bias").offset;
    layer.input = l == 0 ? inputs : as_tensor(outputs_[l - 1]);
    layer.backprop = as_tensor(delta_);
    if (l > 0) backprop_below(l, n);
  }
  return trace;
}

std::unique_ptr<Model> DenseNet::clone() const {
  auto copy = std::make_unique<DenseNet>(options_);
  copy->params().copy_(params());
  return copy;
}

}  // namespace fedsec::fl
