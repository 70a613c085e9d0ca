#pragma once
// What every gradient-inversion attack receives and returns.

#include "fl/tensor.h"

#include <functional>
#include <string>
#include <vector>

#include "attacks/inversion/adam.h"
#include "attacks/inversion/gradient_matching.h"
#include "attacks/inversion/image_domain.h"

namespace fedsec::attacks {

// The attacker's knowledge: the victim and observed gradient (inside the matcher), the labels it
// inferred (one per image, ascending), how the victim normalizes inputs, and the image priors.
struct InversionProblem {
  const GradientMatcher& matcher;
  torch::Tensor labels;
  ImageDomain domain;
  ImagePriors priors;
  uint64_t seed = 0;

  int64_t batch_size() const { return labels.size(0); }
};

// One output of an attack: N x 1 x 28 x 28 unit images, the labels the attack attributes to them,
// and the gradient distance (no priors) they reach. An attack that reports several candidates
// (GIFD's stages) marks the one it returns as `selected`, chosen by gradient loss only.
struct Reconstruction {
  std::string method;
  int stage = -1;  // GIFD stage (0: latent), -1 for single-output attacks
  torch::Tensor images;
  torch::Tensor labels;
  double gradient_loss = 0.0;
  bool selected = true;
};

// Adam settings of one optimisation run.
struct AdamSearch {
  int64_t steps = 1000;
  double lr = 0.1;
  LrSchedule schedule = LrSchedule::WarmupCosine;
  bool signed_gradients = false;
};

// Minimises objective() over `variables` with Adam, calling project() after every step (outside
// autograd) when given.
void run_adam_search(const std::vector<torch::Tensor>& variables,
                     const std::function<torch::Tensor()>& objective, const AdamSearch& search,
                     const std::function<void()>& project = {});

// A gradient loss usable for selection: NaN (a diverged run) ranks last.
double comparable_loss(double loss);

}  // namespace fedsec::attacks
