#pragma once
// Trains the DCGAN generator used as the image prior of the generative inversion attacks: the
// non-saturating GAN loss (Goodfellow et al. 2014) with a mirrored DCGAN discriminator (LeakyReLU
// 0.2, batch normalization), Adam 2e-4 with beta1 0.5, on images padded to 32 x 32 and mapped to
// [-1, 1]. Every random draw (initialization, shuffles, latents) comes from `seed`, so the same
// options and data give a bit-identical generator.

#include <cstdint>
#include <functional>
#include <vector>

#include "attacks/inversion/dcgan.h"
#include "fl/dataset.h"

namespace fedsec::attacks {

struct GeneratorTrainingOptions {
  DcganOptions dcgan;
  int64_t discriminator_width = 32;
  int64_t epochs = 6;
  int64_t batch_size = 128;
  double lr = 2e-4;
  double beta1 = 0.5;
  uint64_t seed = 0;
  std::vector<int64_t> classes;  // train only on these classes (empty: all)
};

// Called after every step with the step count so far, the total, and the step's losses.
using GeneratorTrainingProgress =
    std::function<void(int64_t step, int64_t total_steps, double discriminator_loss, double generator_loss)>;

// `unit_images` holds N x 1 x 28 x 28 images in [0, 1] and `labels` their classes. Throws
// fedsec::UsageError if the class filter leaves fewer images than one batch.
DcganGenerator train_generator(const torch::Tensor& unit_images, const torch::Tensor& labels,
                               const GeneratorTrainingOptions& options,
                               const GeneratorTrainingProgress& progress = {});

}  // namespace fedsec::attacks
