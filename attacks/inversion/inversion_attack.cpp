#include "attacks/inversion/inversion_attack.h"

#include <torch/csrc/autograd/autograd.h>

#include <cmath>
#include <limits>

namespace fedsec::attacks {

void run_adam_search(const std::vector<torch::Tensor>& variables,
                     const std::function<torch::Tensor()>& objective, const AdamSearch& search,
                     const std::function<void()>& project) {
  AdamOptions options;
  options.signed_gradients = search.signed_gradients;
  Adam adam(variables, options);
  for (int64_t step = 0; step < search.steps; ++step) {
    const auto loss = objective();
    adam.step(torch::autograd::grad({loss}, variables),
              scheduled_lr(search.schedule, search.lr, step, search.steps));
    if (project) {
      torch::NoGradGuard no_grad;
      project();
    }
  }
}

double comparable_loss(double loss) {
  return std::isnan(loss) ? std::numeric_limits<double>::infinity() : loss;
}

}  // namespace fedsec::attacks
