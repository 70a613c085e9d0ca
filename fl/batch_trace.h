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
  // Linear: input N x in, backprop N x out (weight out x in).
  // Conv2d: input unfolded by im2col, N x (in_channels * kh * kw) x L; backprop N x out_channels x L
  // (weight out_channels x in_channels x kh x kw), L the number of output positions.
  torch::Tensor input;
  torch::Tensor backprop;
};

struct BatchTrace {
  std::vector<LayerTrace> layers;
  torch::Tensor losses;  // N per-sample losses (float)
};

}  // namespace fedsec::fl
