#include "privacy/per_sample_gradients.h"

namespace fedsec::privacy {

using fl::LayerTrace;

torch::Tensor per_sample_gradients(const fl::BatchTrace& trace, int64_t num_params) {
  const int64_t n = trace.losses.size(0);
  auto out = torch::zeros({n, num_params}, torch::kFloat32);
  for (const auto& layer : trace.layers) {
    torch::Tensor weight, bias;
    if (layer.kind == LayerTrace::Kind::Linear) {
      weight = torch::bmm(layer.backprop.unsqueeze(2), layer.input.unsqueeze(1));
      bias = layer.backprop;
    } else {
      weight = layer.weight_grads;
      bias = layer.bias_grads;
    }
    out.narrow(1, layer.weight_offset, weight[0].numel()).copy_(weight.reshape({n, -1}));
    out.narrow(1, layer.bias_offset, bias.size(1)).copy_(bias);
  }
  return out;
}

torch::Tensor per_sample_squared_norms(const fl::BatchTrace& trace) {
  const int64_t n = trace.losses.size(0);
  auto norms = torch::zeros({n}, torch::kFloat64);
  for (const auto& layer : trace.layers) {
    if (layer.kind == LayerTrace::Kind::Linear) {
      const auto b2 = layer.backprop.to(torch::kFloat64).square().sum(1);
      const auto a2 = layer.input.to(torch::kFloat64).square().sum(1);
      norms.add_(b2 * (a2 + 1));
    } else {
      norms.add_(layer.weight_grads.to(torch::kFloat64).square().sum({1, 2}));
      norms.add_(layer.bias_grads.to(torch::kFloat64).square().sum(1));
    }
  }
  return norms;
}

torch::Tensor clip_factors(const torch::Tensor& squared_norms, double clip) {
  return (clip / (squared_norms.sqrt() * (1 + 1e-6))).clamp_max_(1.0);
}

void weighted_gradient_sum(const fl::BatchTrace& trace, const torch::Tensor& weights, torch::Tensor& out) {
  out.zero_();
  const auto w = weights.to(torch::kFloat32);
  for (const auto& layer : trace.layers) {
    if (layer.kind == LayerTrace::Kind::Linear) {
      const auto scaled = layer.backprop * w.unsqueeze(1);  // N x out
      const int64_t rows = scaled.size(1), cols = layer.input.size(1);
      auto weight = out.narrow(0, layer.weight_offset, rows * cols).view({rows, cols});
      torch::mm_out(weight, scaled.t(), layer.input);
      auto bias = out.narrow(0, layer.bias_offset, rows);
      torch::sum_out(bias, scaled, {0});
    } else {
      // (1 x N) times the N x (weights of the layer) matrix of per-sample gradients.
      const int64_t n = w.size(0), size = layer.weight_grads[0].numel(), channels = layer.bias_grads.size(1);
      auto weight = out.narrow(0, layer.weight_offset, size).view({1, size});
      torch::mm_out(weight, w.view({1, n}), layer.weight_grads.reshape({n, size}));
      auto bias = out.narrow(0, layer.bias_offset, channels).view({1, channels});
      torch::mm_out(bias, w.view({1, n}), layer.bias_grads);
    }
  }
}

}  // namespace fedsec::privacy
