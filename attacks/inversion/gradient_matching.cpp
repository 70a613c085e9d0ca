#include "attacks/inversion/gradient_matching.h"

#include <torch/csrc/autograd/autograd.h>

#include "fl/errors.h"

namespace fedsec::attacks {

GradientDistance parse_gradient_distance(const std::string& name) {
  if (name == "cosine") return GradientDistance::Cosine;
  if (name == "squared_l2") return GradientDistance::SquaredL2;
  throw UsageError("unknown gradient distance '" + name + "' (cosine, squared_l2)");
}

torch::Tensor total_variation(const torch::Tensor& images) {
  const auto dx = (images.narrow(3, 1, images.size(3) - 1) - images.narrow(3, 0, images.size(3) - 1)).abs();
  const auto dy = (images.narrow(2, 1, images.size(2) - 1) - images.narrow(2, 0, images.size(2) - 1)).abs();
  return dx.mean() + dy.mean();
}

torch::Tensor prior_penalty(const torch::Tensor& images, const ImagePriors& priors) {
  const double pixels = static_cast<double>(images.size(2) * images.size(3));
  return priors.total_variation * total_variation(images) + priors.norm * images.norm() / pixels;
}

GradientMatcher::GradientMatcher(fl::Model& victim, torch::Tensor observed, GradientDistance distance,
                                 GradientMirror mirror)
    : victim_(victim),
      observed_(observed.detach().to(torch::kFloat32)),
      observed_norm_(observed_.norm().item<double>()),
      distance_(distance),
      mirror_(std::move(mirror)) {
  if (observed_.numel() != victim.layout().size())
    throw std::invalid_argument("observed gradient has " + std::to_string(observed_.numel()) +
                                " entries, the victim has " + std::to_string(victim.layout().size()));
}

torch::Tensor GradientMatcher::gradient(const torch::Tensor& inputs, const torch::Tensor& targets,
                                        bool create_graph) const {
  torch::AutoGradMode enable(true);
  const auto logits = victim_.forward(inputs);
  const auto loss = targets.scalar_type() == torch::kInt64
                        ? at::cross_entropy_loss(logits, targets)
                        : -(targets * at::log_softmax(logits, 1)).sum(1).mean();
  const auto grads =
      torch::autograd::grad({loss}, victim_.parameter_tensors(), {}, create_graph, create_graph);
  std::vector<torch::Tensor> flat;
  flat.reserve(grads.size());
  for (const auto& g : grads) flat.push_back(g.reshape({-1}));
  return mirror_.apply(torch::cat(flat));
}

torch::Tensor GradientMatcher::dummy_gradient(const torch::Tensor& inputs,
                                              const torch::Tensor& targets) const {
  return gradient(inputs, targets, true);
}

torch::Tensor GradientMatcher::compare(const torch::Tensor& dummy) const {
  if (distance_ == GradientDistance::SquaredL2) return (dummy - observed_).pow(2).sum();
  return 1.0 - (dummy * observed_).sum() / (dummy.norm() * observed_norm_ + 1e-20);
}

torch::Tensor GradientMatcher::distance(const torch::Tensor& inputs, const torch::Tensor& targets) const {
  return compare(gradient(inputs, targets, true));
}

double GradientMatcher::score(const torch::Tensor& inputs, const torch::Tensor& targets) const {
  const auto dummy = gradient(inputs.detach(), targets.detach(), false);
  torch::NoGradGuard no_grad;
  return compare(dummy).item<double>();
}

}  // namespace fedsec::attacks
