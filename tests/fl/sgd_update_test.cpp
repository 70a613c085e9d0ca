#include "fl/sgd_update.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <vector>

namespace fedsec::fl {
namespace {

// Five steps of sgd_update against torch::optim::SGD (dampening 0, no Nesterov) on the same
// gradients, for each combination of momentum and weight decay.
TEST(SgdUpdate, FollowsTorchOptimSgd) {
  for (float momentum : {0.0f, 0.9f})
    for (float decay : {0.0f, 0.01f}) {
      torch::manual_seed(1);
      const int64_t n = 37;
      auto reference = torch::randn({n}).set_requires_grad(true);
      std::vector<float> params(reference.data_ptr<float>(), reference.data_ptr<float>() + n);
      std::vector<float> velocity(n, 0.0f);
      torch::optim::SGD optimizer({reference},
                                  torch::optim::SGDOptions(0.05).momentum(momentum).weight_decay(decay));
      const SgdStep step{0.05f, momentum, decay};
      for (int t = 0; t < 5; ++t) {
        auto grad = torch::randn({n});
        reference.mutable_grad() = grad.clone();
        optimizer.step();
        sgd_update(params.data(), grad.data_ptr<float>(), velocity.data(), n, step);
      }
      for (int64_t i = 0; i < n; ++i)
        ASSERT_NEAR(params[i], reference[i].item<float>(), 1e-6)
            << "momentum " << momentum << " decay " << decay;
    }
}

TEST(SgdUpdate, LeavesTheGradientAndIgnoresVelocityWithoutMomentum) {
  std::vector<float> params{1.0f, -2.0f}, grad{0.5f, 0.25f};
  sgd_update(params.data(), grad.data(), nullptr, 2, SgdStep{0.5f, 0.0f, 0.0f});
  EXPECT_EQ(params, (std::vector<float>{0.75f, -2.125f}));
  EXPECT_EQ(grad, (std::vector<float>{0.5f, 0.25f}));
}

}  // namespace
}  // namespace fedsec::fl
