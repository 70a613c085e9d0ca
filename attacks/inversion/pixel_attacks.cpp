#include "attacks/inversion/pixel_attacks.h"

#include <torch/csrc/autograd/autograd.h>
#include <torch/optim/lbfgs.h>

#include "attacks/inversion/label_inference.h"
#include "fl/rng.h"

namespace fedsec::attacks {
namespace {

constexpr int64_t kSide = 28;

torch::Tensor random_images(int64_t n, uint64_t seed) {
  auto g = at::detail::createCPUGenerator(seed);
  return torch::randn({n, 1, kSide, kSide}, g);
}

// Runs L-BFGS on `variables` against objective(); gradients are taken with autograd::grad so the
// victim's own gradient buffer is left alone.
void run_lbfgs(std::vector<torch::Tensor> variables, const std::function<torch::Tensor()>& objective,
               const LbfgsSearch& search) {
  torch::optim::LBFGS optimizer(variables,
                                torch::optim::LBFGSOptions(search.lr).max_iter(search.max_evaluations));
  auto closure = [&]() -> torch::Tensor {
    const auto loss = objective();
    const auto grads = torch::autograd::grad({loss}, variables);
    for (size_t i = 0; i < variables.size(); ++i) variables[i].mutable_grad() = grads[i].detach();
    return loss.detach();
  };
  for (int64_t i = 0; i < search.iterations; ++i) {
    const double loss = optimizer.step(closure).item<double>();
    if (!std::isfinite(loss)) break;
  }
}

}  // namespace

Reconstruction deep_leakage(const InversionProblem& problem, const LbfgsSearch& search) {
  const int64_t n = problem.batch_size();
  const int64_t classes = output_layer_weight(problem.matcher.victim().layout()).shape[0];
  auto images = random_images(n, fl::derive_seed(problem.seed, "dlg-image")).requires_grad_();
  auto g = at::detail::createCPUGenerator(fl::derive_seed(problem.seed, "dlg-label"));
  auto label_logits = torch::randn({n, classes}, g).requires_grad_();
  run_lbfgs(
      {images, label_logits}, [&] { return problem.matcher.distance(images, at::softmax(label_logits, 1)); },
      search);
  Reconstruction out;
  out.method = "dlg";
  out.images = problem.domain.to_unit(images.detach());
  out.labels = label_logits.detach().argmax(1);
  out.gradient_loss = problem.matcher.score(images, at::softmax(label_logits, 1));
  return out;
}

Reconstruction improved_deep_leakage(const InversionProblem& problem, const LbfgsSearch& search) {
  auto images =
      random_images(problem.batch_size(), fl::derive_seed(problem.seed, "idlg-image")).requires_grad_();
  run_lbfgs(
      {images}, [&] { return problem.matcher.distance(images, problem.labels); }, search);
  Reconstruction out;
  out.method = "idlg";
  out.images = problem.domain.to_unit(images.detach());
  out.labels = problem.labels;
  out.gradient_loss = problem.matcher.score(images, problem.labels);
  return out;
}

Reconstruction inverting_gradients(const InversionProblem& problem,
                                   const InvertingGradientsOptions& options) {
  Reconstruction best;
  best.method = "ig";
  best.labels = problem.labels;
  best.gradient_loss = std::numeric_limits<double>::infinity();
  for (int64_t restart = 0; restart < options.restarts; ++restart) {
    auto images = random_images(problem.batch_size(), fl::derive_seed(problem.seed, "ig-image", restart))
                      .requires_grad_();
    run_adam_search(
        {images},
        [&] {
          return problem.matcher.distance(images, problem.labels) + prior_penalty(images, problem.priors);
        },
        options.search, [&] { images.clamp_(problem.domain.lower(), problem.domain.upper()); });
    const double loss = comparable_loss(problem.matcher.score(images, problem.labels));
    if (restart == 0 || loss < best.gradient_loss) {
      best.images = problem.domain.to_unit(images.detach());
      best.gradient_loss = loss;
    }
  }
  return best;
}

}  // namespace fedsec::attacks
