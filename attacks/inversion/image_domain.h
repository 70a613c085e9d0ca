#pragma once
// The image spaces a gradient-inversion attack moves between: unit images in [0, 1] (metrics,
// PNG output), the victim's normalized input ((x - mean) / std, as the simulator's datasets hold
// it) and the generator's 32 x 32 output in [-1, 1], whose centre 28 x 28 crop is a Fashion-MNIST
// image (the generator is trained on images padded by 2 pixels of background).

#include "fl/tensor.h"

namespace fedsec::attacks {

struct ImageDomain {
  double mean = 0.2860;
  double std = 0.3530;

  torch::Tensor normalize(const torch::Tensor& unit) const { return (unit - mean) / std; }
  torch::Tensor to_unit(const torch::Tensor& normalized) const { return normalized * std + mean; }
  // The valid-pixel box in the normalized space: the images of 0 and 1.
  double lower() const { return -mean / std; }
  double upper() const { return (1.0 - mean) / std; }
};

// N x 1 x 32 x 32 generator output in [-1, 1] to the N x 1 x 28 x 28 unit image (differentiable).
torch::Tensor generator_to_unit(const torch::Tensor& generated);

// N x 1 x 28 x 28 unit images to the generator's padded 32 x 32 range [-1, 1].
torch::Tensor unit_to_generator(const torch::Tensor& unit);

}  // namespace fedsec::attacks
