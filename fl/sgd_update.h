#pragma once
// The local SGD update on flat parameter vectors, in one pass.

#include <cstdint>

namespace fedsec::fl {

struct SgdStep {
  float lr = 0.0f;
  float momentum = 0.0f;      // 0: plain SGD, and velocity is not read
  float weight_decay = 0.0f;  // L2 term added to the gradient
};

// For each i, with d = grad[i] + weight_decay * params[i]: with momentum,
// velocity[i] = momentum * velocity[i] + d and params[i] -= lr * velocity[i]; without,
// params[i] -= lr * d. grad is left as it is. Every product and sum is rounded on its own (no fused
// multiply-add), so the result is the same on every instruction set.
void sgd_update(float* params, const float* grad, float* velocity, int64_t n, const SgdStep& step);

}  // namespace fedsec::fl
