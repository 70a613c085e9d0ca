#include "privacy/per_sample_gradients.h"

#include <stdexcept>
#include <vector>

#include "fl/models/dense_kernels.h"

namespace fedsec::privacy {
namespace {

// The sum of squares of count floats, accumulated in double in four interleaved partial sums
// (so that the additions need not wait for each other), then added in a fixed order.
double squared_norm(const float* v, int64_t count) {
  double sum[4] = {0.0, 0.0, 0.0, 0.0};
  int64_t j = 0;
  for (; j + 4 <= count; j += 4)
    for (int k = 0; k < 4; ++k) sum[k] += static_cast<double>(v[j + k]) * v[j + k];
  for (; j < count; ++j) sum[0] += static_cast<double>(v[j]) * v[j];
  return (sum[0] + sum[1]) + (sum[2] + sum[3]);
}

}  // namespace

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
      // ||backprop_i||^2 (||input_i||^2 + 1), the outer product's and the bias's squared norms.
      const auto backprop = layer.backprop.contiguous(), input = layer.input.contiguous();
      double* out = norms.data_ptr<double>();
      for (int64_t i = 0; i < n; ++i)
        out[i] += squared_norm(backprop.data_ptr<float>() + i * backprop.size(1), backprop.size(1)) *
                  (squared_norm(input.data_ptr<float>() + i * input.size(1), input.size(1)) + 1.0);
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
  if (out.scalar_type() != torch::kFloat || !out.is_contiguous())
    throw std::invalid_argument("weighted_gradient_sum: out must be a contiguous float32 vector");
  out.zero_();
  const auto w = weights.to(torch::kFloat32);
  for (const auto& layer : trace.layers) {
    if (layer.kind == LayerTrace::Kind::Linear) {
      const auto scaled = (layer.backprop * w.unsqueeze(1)).contiguous();  // N x out
      const auto input = layer.input.contiguous();
      const int64_t n = scaled.size(0), rows = scaled.size(1), cols = input.size(1);
      // The weight block is scaled^T input, with fedsec's dense kernel (see fl/models/dense_kernels.h).
      std::vector<const float*> input_rows;
      fl::dense::point_at_rows(input.data_ptr<float>(), n, cols, input_rows);
      fl::dense::combine_rows(scaled.data_ptr<float>(), 1, rows, rows, input_rows.data(), n, cols,
                              out.data_ptr<float>() + layer.weight_offset);
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
