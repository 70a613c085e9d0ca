#include "fl/sgd_update.h"

namespace fedsec::fl {

namespace {

template <bool Divide>
void update(float* __restrict params, const float* __restrict grad, float* __restrict velocity, int64_t n,
            const SgdStep& step) {
  const float lr = step.lr, momentum = step.momentum, decay = step.weight_decay, divisor = step.grad_divisor;
  auto gradient = [&](int64_t i) { return Divide ? grad[i] / divisor : grad[i]; };
  if (momentum > 0.0f) {
    if (decay > 0.0f) {
      for (int64_t i = 0; i < n; ++i) {
        velocity[i] = momentum * velocity[i] + (gradient(i) + decay * params[i]);
        params[i] -= lr * velocity[i];
      }
    } else {
      for (int64_t i = 0; i < n; ++i) {
        velocity[i] = momentum * velocity[i] + gradient(i);
        params[i] -= lr * velocity[i];
      }
    }
  } else if (decay > 0.0f) {
    for (int64_t i = 0; i < n; ++i) params[i] -= lr * (gradient(i) + decay * params[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) params[i] -= lr * gradient(i);
  }
}

}  // namespace

void sgd_update(float* params, const float* grad, float* velocity, int64_t n, const SgdStep& step) {
  if (step.grad_divisor == 1.0f)
    update<false>(params, grad, velocity, n, step);
  else
    update<true>(params, grad, velocity, n, step);
}

}  // namespace fedsec::fl
