#include "privacy/per_sample_gradients.h"

namespace fedsec::privacy {
namespace {

using fl::LayerTrace;

// Conv2d per-sample weight gradients, N x C_out x (C_in k k).
torch::Tensor conv_weight_gradients(const LayerTrace& layer) {
  return torch::bmm(layer.backprop, layer.input.transpose(1, 2));
}

}  // namespace

torch::Tensor per_sample_gradients(const fl::BatchTrace& trace, int64_t num_params) {
  const int64_t n = trace.losses.size(0);
  auto out = torch::zeros({n, num_params}, torch::kFloat32);
  for (const auto& layer : trace.layers) {
    torch::Tensor weight, bias;
    if (layer.kind == LayerTrace::Kind::Linear) {
      weight = torch::bmm(layer.backprop.unsqueeze(2), layer.input.unsqueeze(1));
      bias = layer.backprop;
    } else {
      weight = conv_weight_gradients(layer);
      bias = layer.backprop.sum(2);
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
      norms.add_(conv_weight_gradients(layer).to(torch::kFloat64).square().sum({1, 2}));
      norms.add_(layer.backprop.to(torch::kFloat64).sum(2).square().sum(1));
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
      const auto scaled = layer.backprop * w.view({-1, 1, 1});  // N x C_out x L
      const int64_t channels = scaled.size(1), k = layer.input.size(1);
      // sum_i B_i A_i^T as one product: (C_out x N L) times (N L x C_in k k).
      const auto b = scaled.transpose(0, 1).reshape({channels, -1});
      const auto a = layer.input.transpose(1, 2).reshape({-1, k});
      auto weight = out.narrow(0, layer.weight_offset, channels * k).view({channels, k});
      torch::mm_out(weight, b, a);
      auto bias = out.narrow(0, layer.bias_offset, channels);
      const int64_t batch_and_positions[] = {0, 2};
      torch::sum_out(bias, scaled, at::IntArrayRef(batch_and_positions));
    }
  }
}

}  // namespace fedsec::privacy
