// The attacks end to end on tiny problems.
#include <gtest/gtest.h>

#include <cmath>

#include "attacks/inversion/generative_attacks.h"
#include "attacks/inversion/image_metrics.h"
#include "attacks/inversion/pixel_attacks.h"
#include "attacks/inversion_support.h"

namespace fedsec::attacks {
namespace {

struct Victim {
  std::unique_ptr<fl::Model> model;
  torch::Tensor truth;  // unit images
  torch::Tensor labels;
  torch::Tensor gradient;
  ImageDomain domain;
  Victim(std::unique_ptr<fl::Model> victim, torch::Tensor unit, torch::Tensor y)
      : model(std::move(victim)), truth(std::move(unit)), labels(std::move(y)) {
    model->loss_and_grad(domain.normalize(truth), labels);
    gradient = model->grad().clone();
  }
};

double mean_psnr(const torch::Tensor& a, const torch::Tensor& b) {
  double sum = 0;
  const auto scores = score_images(a, b);
  for (const auto& s : scores) sum += s.psnr;
  return sum / static_cast<double>(scores.size());
}

TEST(PixelAttacks, IdlgRecoversAnImageFromASigmoidNetwork) {
  // DLG's sanity setting: a small sigmoid network and one image, which its gradient pins down.
  Victim v(testing::mlp(fl::Activation::Sigmoid), testing::smooth_unit_images(1, 31), torch::tensor({6L}));
  GradientMatcher matcher(*v.model, v.gradient, GradientDistance::SquaredL2, {});
  InversionProblem problem{matcher, v.labels, v.domain, {}, 1};
  LbfgsSearch search;
  search.iterations = 40;
  const auto r = improved_deep_leakage(problem, search);
  EXPECT_GT(mean_psnr(r.images, v.truth), 30.0);
  EXPECT_LT(r.gradient_loss, 1e-6);
}

TEST(PixelAttacks, InvertingGradientsLowersTheLossAndStaysInTheBox) {
  Victim v(testing::lenet(fl::Activation::ReLU), testing::smooth_unit_images(2, 32), torch::tensor({2L, 5L}));
  GradientMatcher matcher(*v.model, v.gradient, GradientDistance::Cosine, {});
  InversionProblem problem{matcher, v.labels, v.domain, {}, 2};
  InvertingGradientsOptions options;
  options.search.steps = 60;
  options.restarts = 2;
  const auto r = inverting_gradients(problem, options);
  const auto start = torch::randn({2, 1, 28, 28}, at::detail::createCPUGenerator(99));
  EXPECT_LT(r.gradient_loss, 0.5 * matcher.score(start, v.labels));
  EXPECT_GE(r.images.min().item<float>(), -1e-6f);
  EXPECT_LE(r.images.max().item<float>(), 1.0f + 1e-6f);
  EXPECT_EQ(r.images.sizes(), v.truth.sizes());
}

TEST(GenerativeAttacks, GifdReportsEveryStageAndSelectsByGradientLoss) {
  // A target inside the range of a (random) generator: the latent search can reach it.
  const DcganGenerator generator({16, 4}, 4);
  const auto z = torch::randn({1, 16}, at::detail::createCPUGenerator(5));
  torch::Tensor truth;
  {
    torch::NoGradGuard no_grad;
    truth = generator_to_unit(generator.generate(z));
  }
  Victim v(testing::lenet(fl::Activation::ReLU), truth, torch::tensor({1L}));
  GradientMatcher matcher(*v.model, v.gradient, GradientDistance::Cosine, {});
  InversionProblem problem{matcher, v.labels, v.domain, {}, 3};
  GifdOptions options;
  options.search.steps = 15;
  options.restarts = 2;
  options.radii = {5, 10, 20};
  const auto stages = gifd(problem, generator, options);
  ASSERT_EQ(stages.size(), 4u);
  int selected = 0;
  for (const auto& s : stages) {
    EXPECT_EQ(s.method, "gifd");
    selected += s.selected ? 1 : 0;
    EXPECT_TRUE(std::isfinite(s.gradient_loss));
    EXPECT_GE(s.images.min().item<float>(), 0.0f);
  }
  EXPECT_EQ(selected, 1);
  for (const auto& s : stages) {
    if (!s.selected) continue;
    for (const auto& other : stages) EXPECT_LE(s.gradient_loss, other.gradient_loss);
  }
  // The stage-0 output is exactly what latent_adam returns with the same seed.
  const auto latent = latent_adam(problem, generator, options);
  EXPECT_EQ(latent.method, "latent_adam");
  EXPECT_TRUE(torch::equal(latent.images, stages[0].images));
  // Same inputs, same outputs.
  const auto again = gifd(problem, generator, options);
  for (size_t k = 0; k < stages.size(); ++k) EXPECT_TRUE(torch::equal(again[k].images, stages[k].images));
  EXPECT_THROW(gifd(problem, generator, GifdOptions{options.search, 1, {1, 2, 3, 4}}), std::invalid_argument);
}

TEST(GenerativeAttacks, GglImprovesOnTheLatentMean) {
  const DcganGenerator generator({8, 4}, 6);
  const auto z = torch::randn({1, 8}, at::detail::createCPUGenerator(7));
  torch::Tensor truth;
  {
    torch::NoGradGuard no_grad;
    truth = generator_to_unit(generator.generate(z));
  }
  Victim v(testing::lenet(fl::Activation::ReLU), truth, torch::tensor({4L}));
  GradientMatcher matcher(*v.model, v.gradient, GradientDistance::Cosine, {});
  InversionProblem problem{matcher, v.labels, v.domain, {}, 8};
  GglOptions options;
  options.generations = 15;
  options.population = 12;
  options.kl_weight = 0.0;
  const auto r = ggl(problem, generator, options);
  torch::Tensor at_mean;
  {
    torch::NoGradGuard no_grad;
    at_mean = v.domain.normalize(generator_to_unit(generator.generate(torch::zeros({1, 8}))));
  }
  EXPECT_LT(r.gradient_loss, matcher.score(at_mean, v.labels));
  EXPECT_EQ(r.method, "ggl");
}

}  // namespace
}  // namespace fedsec::attacks
