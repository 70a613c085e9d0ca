#include "attacks/inversion/generative_attacks.h"

#include <limits>
#include <stdexcept>

#include "attacks/inversion/l1_ball.h"
#include "fl/rng.h"

namespace fedsec::attacks {
namespace {

// The victim's normalized input for stage-k generator features.
torch::Tensor victim_input(const InversionProblem& problem, const DcganGenerator& generator,
                           const torch::Tensor& features, int k) {
  return problem.domain.normalize(generator_to_unit(generator.forward_from(features, k)));
}

// Per-sample L2 norms of a batch, shaped to broadcast against it.
torch::Tensor sample_norms(const torch::Tensor& x) {
  std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
  shape[0] = x.size(0);
  return x.reshape({x.size(0), -1}).norm(2, 1).view(shape);
}

struct StageResult {
  torch::Tensor features;  // the stage's final variable
  torch::Tensor images;    // its unit images
  double loss = 0.0;
};

// Optimises the stage-k variable from `start`; stage 0 keeps each sample's norm, later stages
// stay inside the l1 ball of `radius` around `start`.
StageResult run_stage(const InversionProblem& problem, const DcganGenerator& generator,
                      const torch::Tensor& start, int k, double radius, const AdamSearch& search) {
  auto variable = start.clone().requires_grad_();
  const auto norms = sample_norms(start);
  run_adam_search(
      {variable},
      [&] {
        const auto inputs = victim_input(problem, generator, variable, k);
        return problem.matcher.distance(inputs, problem.labels) + prior_penalty(inputs, problem.priors);
      },
      search,
      [&] {
        if (k == 0)
          variable.mul_(norms / sample_norms(variable).clamp_min(1e-12));
        else
          variable.copy_(start + project_l1_ball(variable - start, radius));
      });
  StageResult result;
  result.features = variable.detach();
  torch::NoGradGuard no_grad;
  const auto inputs = victim_input(problem, generator, result.features, k);
  result.images = problem.domain.to_unit(inputs).clamp(0.0, 1.0);
  result.loss =
      comparable_loss(problem.matcher.score(problem.domain.normalize(result.images), problem.labels));
  return result;
}

}  // namespace

std::vector<Reconstruction> gifd(const InversionProblem& problem, const DcganGenerator& generator,
                                 const GifdOptions& options) {
  const int stages = static_cast<int>(options.radii.size());
  if (stages >= DcganGenerator::kBlocks)
    throw std::invalid_argument("GIFD on the DCGAN has at most " +
                                std::to_string(DcganGenerator::kBlocks - 1) + " feature stages, got " +
                                std::to_string(stages) + " radii");
  if (options.restarts < 1) throw std::invalid_argument("GIFD needs at least one restart");
  std::vector<Reconstruction> best(static_cast<size_t>(stages + 1));
  for (int k = 0; k <= stages; ++k) {
    best[k].method = "gifd";
    best[k].stage = k;
    best[k].labels = problem.labels;
    best[k].gradient_loss = std::numeric_limits<double>::infinity();
    best[k].selected = false;
  }
  for (int64_t restart = 0; restart < options.restarts; ++restart) {
    auto g = at::detail::createCPUGenerator(fl::derive_seed(problem.seed, "gifd-latent", restart));
    torch::Tensor start = torch::randn({problem.batch_size(), generator.options().latent}, g);
    for (int k = 0; k <= stages; ++k) {
      const double radius = k == 0 ? 0.0 : options.radii[static_cast<size_t>(k - 1)];
      const auto stage = run_stage(problem, generator, start, k, radius, options.search);
      if (restart == 0 || stage.loss < best[k].gradient_loss) {
        best[k].images = stage.images;
        best[k].gradient_loss = stage.loss;
      }
      if (k == stages) break;
      torch::NoGradGuard no_grad;
      start = k == 0 ? generator.stage_input(stage.features, 1) : generator.block(stage.features, k);
    }
  }
  size_t chosen = 0;
  for (size_t k = 1; k < best.size(); ++k)
    if (best[k].gradient_loss < best[chosen].gradient_loss) chosen = k;
  best[chosen].selected = true;
  return best;
}

Reconstruction latent_adam(const InversionProblem& problem, const DcganGenerator& generator,
                           const GifdOptions& options) {
  GifdOptions latent_only = options;
  latent_only.radii.clear();
  auto out = gifd(problem, generator, latent_only).front();
  out.method = "latent_adam";
  out.stage = -1;
  return out;
}

}  // namespace fedsec::attacks
