#include "fl/sgd_update.h"

namespace fedsec::fl {

// __restrict: the three arrays never overlap, so the loops vectorize without run-time checks.
void sgd_update(float* __restrict params, const float* __restrict grad, float* __restrict velocity, int64_t n,
                const SgdStep& step) {
  const float lr = step.lr, momentum = step.momentum, decay = step.weight_decay;
  if (momentum > 0.0f) {
    if (decay > 0.0f) {
      for (int64_t i = 0; i < n; ++i) {
        velocity[i] = momentum * velocity[i] + (grad[i] + decay * params[i]);
        params[i] -= lr * velocity[i];
      }
    } else {
      for (int64_t i = 0; i < n; ++i) {
        velocity[i] = momentum * velocity[i] + grad[i];
        params[i] -= lr * velocity[i];
      }
    }
  } else if (decay > 0.0f) {
    for (int64_t i = 0; i < n; ++i) params[i] -= lr * (grad[i] + decay * params[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) params[i] -= lr * grad[i];
  }
}

}  // namespace fedsec::fl
