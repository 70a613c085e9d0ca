#pragma once
// Small victims and batches for the gradient-inversion tests.

#include "fl/tensor.h"

#include <ATen/Parallel.h>

#include <memory>

#include "fl/models/convnet.h"
#include "fl/models/dense_net.h"

namespace fedsec::attacks::testing {

// One intra-op thread, as the simulator and the attack commands run LibTorch.
inline const bool kSingleThreaded = [] {
  at::set_num_threads(1);
  return true;
}();

inline std::unique_ptr<fl::DenseNet> mlp(fl::Activation activation, uint64_t seed = 123) {
  fl::DenseNetOptions options;
  options.hidden = {100};
  options.activation = activation;
  options.init_seed = seed;
  return std::make_unique<fl::DenseNet>(options);
}

inline std::unique_ptr<fl::ConvNet> lenet(fl::Activation activation, uint64_t seed = 123) {
  fl::ConvNetOptions options;
  options.activation = activation;
  options.init_seed = seed;
  return std::make_unique<fl::ConvNet>(options);
}

// N smooth random images in [0, 1] (blurred noise), 1 x 28 x 28.
inline torch::Tensor smooth_unit_images(int64_t n, uint64_t seed) {
  auto g = at::detail::createCPUGenerator(seed);
  auto noise = torch::rand({n, 1, 28, 28}, g);
  return at::avg_pool2d(noise, 5, 1, 2).clamp(0.0, 1.0);
}

}  // namespace fedsec::attacks::testing
