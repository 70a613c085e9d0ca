#pragma once
// What per-sample gradient rules need from one minibatch: for every parameterised layer, its
// input and the gradient of the summed per-sample losses with respect to its output. Because the
// loss is a sum over samples, row i of a backprop tensor is the gradient of sample i's own loss,
// so per-sample parameter gradients, their norms and weighted sums follow from these tensors
// without a loop over samples (privacy/per_sample_gradients.h).

#include "fl/tensor.h"

#include <string>
#include <vector>

namespace fedsec::fl {

struct LayerTrace {
  enum class Kind { Linear, Conv2d };
  Kind kind = Kind::Linear;
  std::string name;           // as in the model's ParamLayout, without ".weight"/".bias"
  int64_t weight_offset = 0;  // offsets of the weight and bias in Model::params()
  int64_t bias_offset = 0;
  // Linear (weight out x in): input N x in and backprop N x out; sample i's weight gradient is
  // the outer product backprop_i input_i^T, never formed, and its bias gradient backprop_i.
  torch::Tensor input;
  torch::Tensor backprop;
  // Conv2d (weight out_channels x in_channels x kh x kw): the per-sample gradients themselves, a
  // conv layer having few weights: weight_grads N x out_channels x (in_channels kh kw) and
  // bias_grads N x out_channels.
  torch::Tensor weight_grads;
  torch::Tensor bias_grads;
};

struct BatchTrace {
  std::vector<LayerTrace> layers;
  torch::Tensor losses;  // N per-sample losses (float)
};

}  // namespace fedsec::fl
