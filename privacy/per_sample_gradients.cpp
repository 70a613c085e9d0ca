#include "privacy/per_sample_gradients.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "fl/models/dense_kernels.h"

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
  double* out = norms.data_ptr<double>();
  std::vector<double> backprop_norms(static_cast<size_t>(n)), input_norms(static_cast<size_t>(n));
  for (const auto& layer : trace.layers) {
    if (layer.kind == LayerTrace::Kind::Linear) {
      // ||backprop_i||^2 (||input_i||^2 + 1), the outer product's and the bias's squared norms.
      const auto backprop = layer.backprop.contiguous(), input = layer.input.contiguous();
      fl::dense::row_squared_norms(backprop.data_ptr<float>(), n, backprop.size(1), backprop_norms.data());
      fl::dense::row_squared_norms(input.data_ptr<float>(), n, input.size(1), input_norms.data());
      for (int64_t i = 0; i < n; ++i) out[i] += backprop_norms[i] * (input_norms[i] + 1.0);
    } else {
      norms.add_(layer.weight_grads.to(torch::kFloat64).square().sum({1, 2}));
      norms.add_(layer.bias_grads.to(torch::kFloat64).square().sum(1));
    }
  }
  return norms;
}

torch::Tensor clip_factors(const torch::Tensor& squared_norms, double clip) {
  const auto norms = squared_norms.to(torch::kFloat64).contiguous();
  auto factors = torch::empty_like(norms);
  const double* in = norms.data_ptr<double>();
  double* out = factors.data_ptr<double>();
  // A NaN norm gives factor 1: the gradient it came from makes the sum NaN either way.
  for (int64_t i = 0; i < norms.numel(); ++i) out[i] = std::min(1.0, clip / (std::sqrt(in[i]) * (1 + 1e-6)));
  return factors;
}

void weighted_gradient_sum(const fl::BatchTrace& trace, const torch::Tensor& weights, torch::Tensor& out) {
  if (out.scalar_type() != torch::kFloat || !out.is_contiguous())
    throw std::invalid_argument("weighted_gradient_sum: out must be a contiguous float32 vector");
  const int64_t samples = trace.losses.size(0);
  if (weights.dim() != 1 || weights.size(0) != samples)
    throw std::invalid_argument("weighted_gradient_sum: expected one weight per sample (" +
                                std::to_string(samples) + "), got a tensor of " +
                                std::to_string(weights.numel()) + " values");
  const auto w = weights.to(torch::kFloat32).contiguous();
  const float* weight_of = w.data_ptr<float>();
  float* sum = out.data_ptr<float>();
  // Parameters no layer covers get zero; layers never overlap, so counting tells whether any are left.
  int64_t covered = 0;
  for (const auto& layer : trace.layers)
    covered += layer.kind == LayerTrace::Kind::Linear
                   ? layer.backprop.size(1) * (layer.input.size(1) + 1)
                   : layer.weight_grads.size(1) * layer.weight_grads.size(2) + layer.bias_grads.size(1);
  if (covered != out.numel()) out.zero_();
  std::vector<float> scaled;
  std::vector<const float*> input_rows;
  for (const auto& layer : trace.layers) {
    if (layer.kind == LayerTrace::Kind::Linear) {
      const auto backprop = layer.backprop.contiguous(), input = layer.input.contiguous();
      const int64_t n = backprop.size(0), rows = backprop.size(1), cols = input.size(1);
      // scaled = diag(weights) backprop (N x out); the weight block is scaled^T input, with
      // fedsec's dense kernel (see fl/models/dense_kernels.h), the bias block scaled's column sums.
      scaled.resize(static_cast<size_t>(n * rows));
      const float* grad = backprop.data_ptr<float>();
      for (int64_t i = 0; i < n; ++i)
        for (int64_t r = 0; r < rows; ++r) scaled[i * rows + r] = grad[i * rows + r] * weight_of[i];
      fl::dense::point_at_rows(input.data_ptr<float>(), n, cols, input_rows);
      fl::dense::combine_rows(scaled.data(), 1, rows, rows, input_rows.data(), n, cols,
                              sum + layer.weight_offset);
      float* bias = sum + layer.bias_offset;
      std::fill(bias, bias + rows, 0.0f);
      for (int64_t i = 0; i < n; ++i)
        for (int64_t r = 0; r < rows; ++r) bias[r] += scaled[i * rows + r];
    } else {
      // (1 x N) times the N x (weights of the layer) matrix of per-sample gradients.
      const int64_t n = w.size(0), size = layer.weight_grads.size(1) * layer.weight_grads.size(2),
                    channels = layer.bias_grads.size(1);
      auto weight = out.narrow(0, layer.weight_offset, size).view({1, size});
      torch::mm_out(weight, w.view({1, n}), layer.weight_grads.reshape({n, size}));
      auto bias = out.narrow(0, layer.bias_offset, channels).view({1, channels});
      torch::mm_out(bias, w.view({1, n}), layer.bias_grads);
    }
  }
}

}  // namespace fedsec::privacy
