#include "attacks/inversion/gradient_defense.h"

#include <torch/csrc/autograd/autograd.h>

#include <cmath>

#include "attacks/inversion/label_inference.h"

namespace fedsec::attacks {
namespace {

// The output layer's weight and bias tensors (the last 2-D entry and the entry after it).
std::pair<torch::Tensor, torch::Tensor> output_layer(fl::Model& victim) {
  const auto& layout = victim.layout();
  const auto& weight = output_layer_weight(layout);
  const auto& entries = layout.entries();
  size_t index = 0;
  while (entries[index].offset != weight.offset) ++index;
  if (index + 1 >= entries.size() || entries[index + 1].shape != std::vector<int64_t>{weight.shape[0]})
    throw std::invalid_argument("Soteria needs an output layer with a bias");
  return {victim.parameter_tensors()[index], victim.parameter_tensors()[index + 1]};
}

// Columns of the output-layer weight gradient that are not all zero, as a flat 0/1 keep-mask.
torch::Tensor nonzero_column_mask(const torch::Tensor& gradient, const fl::ParamLayout& layout) {
  const auto& weight = output_layer_weight(layout);
  auto keep = torch::ones_like(gradient);
  const auto columns = gradient.narrow(0, weight.offset, weight.numel).view(weight.shape).ne(0).any(0);
  keep.narrow(0, weight.offset, weight.numel).view(weight.shape).mul_(columns.to(keep.dtype()).unsqueeze(0));
  return keep;
}

}  // namespace

GradientMirror GradientMirror::clip(double clip_norm) {
  GradientMirror m;
  m.kind_ = DefenseKind::Clip;
  m.value_ = clip_norm;
  return m;
}

GradientMirror GradientMirror::prune(double fraction, fl::ParamLayout layout) {
  GradientMirror m;
  m.kind_ = DefenseKind::Prune;
  m.value_ = fraction;
  m.layout_ = std::move(layout);
  return m;
}

GradientMirror GradientMirror::mask(torch::Tensor keep) {
  GradientMirror m;
  m.kind_ = DefenseKind::Soteria;
  m.keep_ = std::move(keep);
  return m;
}

torch::Tensor GradientMirror::apply(const torch::Tensor& g) const {
  switch (kind_) {
    case DefenseKind::Clip: {
      const auto norm = g.norm();
      return g * torch::clamp_max(value_ / (norm + 1e-12), 1.0);
    }
    case DefenseKind::Prune:
      return prune_per_tensor(g, layout_, value_);
    case DefenseKind::Soteria:
      return g * keep_;
    case DefenseKind::None:
    case DefenseKind::Noise:
      break;
  }
  return g;
}

torch::Tensor prune_per_tensor(const torch::Tensor& g, const fl::ParamLayout& layout, double fraction) {
  auto keep = torch::ones_like(g, g.options().requires_grad(false));
  {
    torch::NoGradGuard no_grad;  // the mask is a constant; the product below stays differentiable
    for (const auto& entry : layout.entries()) {
      const auto drop = static_cast<int64_t>(std::floor(fraction * static_cast<double>(entry.numel)));
      if (drop <= 0) continue;
      const auto magnitudes = g.detach().narrow(0, entry.offset, entry.numel).abs();
      const auto smallest = std::get<1>(magnitudes.topk(drop, 0, /*largest=*/false));
      keep.narrow(0, entry.offset, entry.numel).index_fill_(0, smallest, 0.0);
    }
  }
  return g * keep;
}

torch::Tensor soteria_scores(fl::Model& victim, const torch::Tensor& inputs, const torch::Tensor& labels) {
  torch::AutoGradMode enable(true);
  const auto [weight, bias] = output_layer(victim);
  torch::Tensor scores;
  for (int64_t b = 0; b < inputs.size(0); ++b) {
    const auto x = inputs.narrow(0, b, 1).detach().clone().requires_grad_(true);
    const auto loss = at::cross_entropy_loss(victim.forward(x), labels.narrow(0, b, 1));
    const auto grads = torch::autograd::grad({loss}, {weight, bias}, {}, true, true);
    const auto c = grads[1].abs().argmax().item<int64_t>();
    const auto r = grads[0][c] / grads[1][c];  // the sample's output-layer input, as a function of x
    auto sample_scores = torch::zeros({r.size(0)}, torch::kFloat64);
    for (int64_t f = 0; f < r.size(0); ++f) {
      const auto dr_dx = torch::autograd::grad({r[f]}, {x}, {}, true, false)[0];
      const double magnitude = std::abs(r[f].item<double>());
      const double sensitivity = dr_dx.norm().item<double>();
      sample_scores[f] = sensitivity == 0.0 ? 0.0 : sensitivity / std::max(magnitude, 1e-12);
    }
    scores = scores.defined() ? scores + sample_scores : sample_scores;
  }
  return scores;
}

DefendedGradient defend_gradient(const GradientDefense& defense, const torch::Tensor& gradient,
                                 fl::Model& victim, const torch::Tensor& inputs,
                                 const torch::Tensor& labels) {
  torch::NoGradGuard no_grad;
  switch (defense.kind) {
    case DefenseKind::None:
      return {gradient.clone(), {}};
    case DefenseKind::Clip: {
      const auto mirror = GradientMirror::clip(defense.clip_norm);
      return {mirror.apply(gradient), mirror};
    }
    case DefenseKind::Prune: {
      const auto mirror = GradientMirror::prune(defense.prune_fraction, victim.layout());
      return {mirror.apply(gradient), mirror};
    }
    case DefenseKind::Soteria: {
      torch::Tensor scores;
      {
        torch::AutoGradMode enable(true);
        scores = soteria_scores(victim, inputs, labels);
      }
      const auto dropped =
          static_cast<int64_t>(std::floor(defense.soteria_fraction * static_cast<double>(scores.size(0))));
      const auto& weight = output_layer_weight(victim.layout());
      auto defended = gradient.clone();
      if (dropped > 0) {
        const auto masked = std::get<1>(scores.topk(dropped, 0, /*largest=*/false));
        defended.narrow(0, weight.offset, weight.numel).view(weight.shape).index_fill_(1, masked, 0.0);
      }
      return {defended, GradientMirror::mask(nonzero_column_mask(defended, victim.layout()))};
    }
    case DefenseKind::Noise: {
      auto generator = at::detail::createCPUGenerator(defense.noise_seed);
      const auto noise = torch::empty_like(gradient).normal_(0.0, defense.noise_std, generator);
      return {gradient + noise, {}};
    }
  }
  return {gradient.clone(), {}};
}

}  // namespace fedsec::attacks
