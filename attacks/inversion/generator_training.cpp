#include "attacks/inversion/generator_training.h"

#include <torch/csrc/autograd/autograd.h>

#include "attacks/inversion/adam.h"
#include "attacks/inversion/image_domain.h"
#include "fl/errors.h"
#include "fl/rng.h"

namespace fedsec::attacks {
namespace {

// The DCGAN discriminator for 1 x 32 x 32 inputs: three stride-2 4x4 convolutions (BN after the
// second and third) with LeakyReLU 0.2, then a 4x4 convolution to one logit.
class Discriminator {
 public:
  Discriminator(int64_t width, at::Generator& g) {
    const std::vector<std::pair<int64_t, int64_t>> channels{
        {1, width}, {width, 2 * width}, {2 * width, 4 * width}, {4 * width, 1}};
    for (size_t k = 0; k < channels.size(); ++k) {
      weights_.push_back(
          torch::empty({channels[k].second, channels[k].first, 4, 4}).normal_(0.0, 0.02, g).requires_grad_());
      if (k == 1 || k == 2) {
        scales_.push_back(torch::empty({channels[k].second}).normal_(1.0, 0.02, g).requires_grad_());
        shifts_.push_back(torch::zeros({channels[k].second}).requires_grad_());
      }
    }
  }

  torch::Tensor logits(const torch::Tensor& images) const {
    auto h = torch::leaky_relu(at::conv2d(images, weights_[0], {}, 2, 1), 0.2);
    for (size_t k = 1; k <= 2; ++k) {
      h = at::conv2d(h, weights_[k], {}, 2, 1);
      h = at::batch_norm(h, scales_[k - 1], shifts_[k - 1], {}, {}, true, 0.1, 1e-5, false);
      h = torch::leaky_relu(h, 0.2);
    }
    return at::conv2d(h, weights_[3]).reshape({-1});
  }

  std::vector<torch::Tensor> parameters() const {
    std::vector<torch::Tensor> out(weights_);
    out.insert(out.end(), scales_.begin(), scales_.end());
    out.insert(out.end(), shifts_.begin(), shifts_.end());
    return out;
  }

 private:
  std::vector<torch::Tensor> weights_, scales_, shifts_;
};

// The training images, restricted to `classes` when given, as generator-range 32 x 32 images.
torch::Tensor training_images(const torch::Tensor& unit_images, const torch::Tensor& labels,
                              const std::vector<int64_t>& classes) {
  if (classes.empty()) return unit_to_generator(unit_images);
  auto keep = torch::zeros_like(labels, torch::kBool);
  for (int64_t c : classes) keep |= labels.eq(c);
  return unit_to_generator(unit_images.index({keep}));
}

}  // namespace

DcganGenerator train_generator(const torch::Tensor& unit_images, const torch::Tensor& labels,
                               const GeneratorTrainingOptions& options,
                               const GeneratorTrainingProgress& progress) {
  const auto images = training_images(unit_images, labels, options.classes);
  const int64_t n = images.size(0);
  if (options.batch_size < 2 || n < options.batch_size)
    throw UsageError("generator training needs at least one batch of " + std::to_string(options.batch_size) +
                     " images (batch size >= 2); the class filter left " + std::to_string(n));
  DcganGenerator generator(options.dcgan, fl::derive_seed(options.seed, "generator-init"));
  auto g = at::detail::createCPUGenerator(fl::derive_seed(options.seed, "generator-training"));
  Discriminator discriminator(options.discriminator_width, g);
  auto generator_params = generator.parameters();
  for (auto& p : generator_params) p.requires_grad_(true);
  const auto discriminator_params = discriminator.parameters();
  AdamOptions adam_options;
  adam_options.beta1 = options.beta1;
  Adam generator_adam(generator_params, adam_options);
  Adam discriminator_adam(discriminator_params, adam_options);
  generator.set_training(true);

  const int64_t steps_per_epoch = n / options.batch_size;
  const int64_t total = steps_per_epoch * options.epochs;
  int64_t step = 0;
  for (int64_t epoch = 0; epoch < options.epochs; ++epoch) {
    const auto order = torch::randperm(n, g, torch::kInt64);
    for (int64_t s = 0; s < steps_per_epoch; ++s) {
      const auto real = images.index_select(0, order.narrow(0, s * options.batch_size, options.batch_size));
      const auto z = torch::randn({options.batch_size, options.dcgan.latent}, g);
      const auto fake = generator.generate(z);
      const auto d_loss = torch::softplus(-discriminator.logits(real)).mean() +
                          torch::softplus(discriminator.logits(fake.detach())).mean();
      discriminator_adam.step(torch::autograd::grad({d_loss}, discriminator_params), options.lr);
      const auto g_loss = torch::softplus(-discriminator.logits(fake)).mean();
      generator_adam.step(torch::autograd::grad({g_loss}, generator_params), options.lr);
      ++step;
      if (progress) progress(step, total, d_loss.item<double>(), g_loss.item<double>());
    }
  }
  for (auto& p : generator_params) p.requires_grad_(false);
  generator.set_training(false);
  return generator;
}

}  // namespace fedsec::attacks
