#pragma once
// Adam (Kingma & Ba, ICLR 2015) on a list of tensors, written out so that attacks can feed it the
// sign of the gradient (the "signed Adam" of Geiping et al. 2020) and set the learning rate at
// every step, and so generator training needs no torch::optim.

#include "fl/tensor.h"

#include <string>
#include <vector>

namespace fedsec::attacks {

struct AdamOptions {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  bool signed_gradients = false;  // feed sign(g) instead of g
};

class Adam {
 public:
  Adam(std::vector<torch::Tensor> variables, AdamOptions options = {});
  // One update of every variable in place (outside autograd) from its gradient, at rate lr.
  void step(const std::vector<torch::Tensor>& gradients, double lr);

 private:
  std::vector<torch::Tensor> variables_, first_, second_;
  AdamOptions options_;
  int64_t steps_ = 0;
};

// Learning-rate schedules of the attacks, as a function of the step (0-based) of `steps`:
//   constant;
//   step_decay:    x0.1 after 3/8, 5/8 and 7/8 of the run (Geiping et al. 2020);
//   warmup_cosine: linear warm-up over the first 5 %, cosine ramp-down over the last 75 %
//                  (lr * min(1, t / 0.05) * (1 - cos(pi * min(1, (1 - t) / 0.75))) / 2 with
//                  t = step / steps: the StyleGAN projector schedule GIFD uses per stage).
enum class LrSchedule { Constant, StepDecay, WarmupCosine };
LrSchedule parse_lr_schedule(const std::string& name);  // throws fedsec::UsageError
double scheduled_lr(LrSchedule schedule, double lr, int64_t step, int64_t steps);

}  // namespace fedsec::attacks
