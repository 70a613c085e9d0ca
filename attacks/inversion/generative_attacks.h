#pragma once
// Attacks that search the range of a trained generator (attacks/inversion/dcgan.h).
//
// GIFD (Fang et al., ICCV 2023): stage 0 searches the latent z with Adam, rescaling each sample's
// z to its initial norm after every step (the spherical projection); stage k = 1..K then
// optimises the generator's intermediate feature map h_k itself, starting from the map c_k the
// previous stage's solution produces, and after every step projects h_k - c_k onto a per-sample
// l1 ball of radius r_k (Duchi et al. 2008). The ball is re-centred at every stage. Every restart
// is an independent chain through all stages; for each stage the restart with the lowest gradient
// distance is that stage's output, and GIFD returns the stage with the lowest distance. Never the
// ground truth, and always the arg-min restart (the reference code returns the last restart's
// image with the best restart's score).
//
// latent_adam is GIFD's stage 0 alone (a GIAS-style latent search, Jeon et al. NeurIPS 2021).
//
// GGL (Li et al., CVPR 2022) searches the latent without gradients, with CMA-ES (Hansen 2016),
// minimising the gradient distance plus kl_weight * KL(z || N(0, I)) (the KL of a Gaussian with
// the batch latents' mean and variance, as GGL's non-tanh variant regularises z).

#include <vector>

#include "attacks/inversion/dcgan.h"
#include "attacks/inversion/inversion_attack.h"

namespace fedsec::attacks {

struct GifdOptions {
  AdamSearch search{1000, 0.1, LrSchedule::WarmupCosine, false};
  int64_t restarts = 4;
  // radii[k - 1] is the l1 radius of stage k; its size is K (at most 3 for the DCGAN).
  std::vector<double> radii{100, 200, 400};
};

struct GglOptions {
  int64_t generations = 100;
  int64_t population = 50;
  double sigma = 0.5;
  double kl_weight = 0.1;
};

Reconstruction ggl(const InversionProblem& problem, const DcganGenerator& generator,
                   const GglOptions& options);

// One Reconstruction per stage 0..K (method "gifd", stage set, the selected one marked).
std::vector<Reconstruction> gifd(const InversionProblem& problem, const DcganGenerator& generator,
                                 const GifdOptions& options);

// GIFD with K = 0 under the name "latent_adam".
Reconstruction latent_adam(const InversionProblem& problem, const DcganGenerator& generator,
                           const GifdOptions& options);

}  // namespace fedsec::attacks
