#pragma once
// LeNet-5-style ConvNet for 1 x 28 x 28 inputs: conv(6, 5x5, pad 2) - act - maxpool 2 -
// conv(16, 5x5) - act - maxpool 2 - fc 400-120 - act - fc 120-84 - act - fc 84-classes
// (LeCun et al. 1998). The activation is selectable (sigmoid is what gradient inversion
// studies use).

#include "fl/model.h"
#include "fl/models/dense_net.h"

namespace fedsec::fl {

struct ConvNetOptions {
  int64_t channels = 1;
  int64_t classes = 10;
  Activation activation = Activation::ReLU;
  uint64_t init_seed = 0;
};

class ConvNet final : public Model {
 public:
  // Initialized as PyTorch's Conv2d/Linear defaults, from a private generator seeded by init_seed.
  explicit ConvNet(ConvNetOptions options);

  torch::Tensor forward(const torch::Tensor& x) override;
  BatchTrace trace_batch(const torch::Tensor& x, const torch::Tensor& y) override;
  std::unique_ptr<Model> clone() const override;

 private:
  torch::Tensor act(const torch::Tensor& x) const;

  ConvNetOptions options_;
  torch::Tensor conv1_w_, conv1_b_, conv2_w_, conv2_b_, fc1_w_, fc1_b_, fc2_w_, fc2_b_, fc3_w_, fc3_b_;
};

}  // namespace fedsec::fl
