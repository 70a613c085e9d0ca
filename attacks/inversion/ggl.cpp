#include <Eigen/Core>

#include <cstring>
#include <limits>

#include "attacks/inversion/cma_es.h"
#include "attacks/inversion/generative_attacks.h"
#include "fl/rng.h"

namespace fedsec::attacks {
namespace {

// KL(N(mean, var) || N(0, 1)) of the latents' empirical moments.
double latent_kl(const torch::Tensor& z) {
  const double mean = z.mean().item<double>();
  const double var = std::max(z.var(false).item<double>(), 1e-12);
  return 0.5 * (mean * mean + var - std::log(var) - 1.0);
}

torch::Tensor to_latents(const Eigen::VectorXd& point, int64_t batch, int64_t latent) {
  return torch::from_blob(const_cast<double*>(point.data()), {batch, latent}, torch::kFloat64)
      .to(torch::kFloat32);
}

}  // namespace

Reconstruction ggl(const InversionProblem& problem, const DcganGenerator& generator,
                   const GglOptions& options) {
  const int64_t batch = problem.batch_size();
  const int64_t latent = generator.options().latent;
  torch::NoGradGuard no_grad;
  auto images_of = [&](const torch::Tensor& z) {
    return generator_to_unit(generator.generate(z)).clamp(0.0, 1.0);
  };
  auto objective = [&](const torch::Tensor& z) {
    const double distance = problem.matcher.score(problem.domain.normalize(images_of(z)), problem.labels);
    return comparable_loss(distance + options.kl_weight * latent_kl(z));
  };
  CmaEsOptions cma;
  cma.population = static_cast<int>(options.population);
  cma.seed = fl::derive_seed(problem.seed, "ggl-cma-es");
  CmaEs search(Eigen::VectorXd::Zero(batch * latent), options.sigma, cma);
  for (int64_t generation = 0; generation < options.generations; ++generation) {
    const auto candidates = search.ask();
    std::vector<double> losses;
    losses.reserve(candidates.size());
    for (const auto& candidate : candidates)
      losses.push_back(objective(to_latents(candidate, batch, latent)));
    search.tell(losses);
  }
  Reconstruction out;
  out.method = "ggl";
  out.labels = problem.labels;
  out.images = images_of(to_latents(search.best().x, batch, latent));
  out.gradient_loss =
      comparable_loss(problem.matcher.score(problem.domain.normalize(out.images), problem.labels));
  return out;
}

}  // namespace fedsec::attacks
