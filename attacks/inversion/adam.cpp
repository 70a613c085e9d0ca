#include "attacks/inversion/adam.h"

#include <algorithm>
#include <cmath>

#include "fl/errors.h"

namespace fedsec::attacks {

Adam::Adam(std::vector<torch::Tensor> variables, AdamOptions options)
    : variables_(std::move(variables)), options_(options) {
  for (const auto& v : variables_) {
    first_.push_back(torch::zeros_like(v));
    second_.push_back(torch::zeros_like(v));
  }
}

void Adam::step(const std::vector<torch::Tensor>& gradients, double lr) {
  torch::NoGradGuard no_grad;
  ++steps_;
  const double correction1 = 1.0 - std::pow(options_.beta1, static_cast<double>(steps_));
  const double correction2 = 1.0 - std::pow(options_.beta2, static_cast<double>(steps_));
  for (size_t i = 0; i < variables_.size(); ++i) {
    const auto g = options_.signed_gradients ? gradients[i].sign() : gradients[i];
    first_[i].mul_(options_.beta1).add_(g, 1.0 - options_.beta1);
    second_[i].mul_(options_.beta2).addcmul_(g, g, 1.0 - options_.beta2);
    const auto denom = (second_[i] / correction2).sqrt_().add_(options_.eps);
    variables_[i].addcdiv_(first_[i], denom, -lr / correction1);
  }
}

LrSchedule parse_lr_schedule(const std::string& name) {
  if (name == "constant") return LrSchedule::Constant;
  if (name == "step_decay") return LrSchedule::StepDecay;
  if (name == "warmup_cosine") return LrSchedule::WarmupCosine;
  throw UsageError("unknown learning-rate schedule '" + name + "' (constant, step_decay, warmup_cosine)");
}

double scheduled_lr(LrSchedule schedule, double lr, int64_t step, int64_t steps) {
  const double t = static_cast<double>(step) / static_cast<double>(std::max<int64_t>(steps, 1));
  switch (schedule) {
    case LrSchedule::Constant:
      return lr;
    case LrSchedule::StepDecay: {
      double rate = lr;
      for (double milestone : {3.0 / 8.0, 5.0 / 8.0, 7.0 / 8.0})
        if (t >= milestone) rate *= 0.1;
      return rate;
    }
    case LrSchedule::WarmupCosine: {
      const double ramp = std::min(1.0, (1.0 - t) / 0.75);
      return lr * std::min(1.0, t / 0.05) * 0.5 * (1.0 - std::cos(M_PI * ramp));
    }
  }
  return lr;
}

}  // namespace fedsec::attacks
