// Building blocks of the gradient-inversion attacks, against closed forms and independent paths.
#include <gtest/gtest.h>
#include <torch/csrc/autograd/autograd.h>

#include <cmath>
#include <numeric>

#include "attacks/inversion/adam.h"
#include "attacks/inversion/gradient_matching.h"
#include "attacks/inversion/image_metrics.h"
#include "attacks/inversion/l1_ball.h"
#include "attacks/inversion/label_inference.h"
#include "attacks/inversion_support.h"
#include "fl/local_trainer.h"

namespace fedsec::attacks {
namespace {

using testing::lenet;
using testing::smooth_unit_images;

TEST(L1Ball, HandComputedProjection) {
  // (3, 1) onto the ball of radius 2: soft threshold theta = 1 gives (2, 0).
  const auto p = project_l1_ball(torch::tensor({{3.0f, 1.0f}, {0.5f, -0.5f}}), 2.0);
  EXPECT_NEAR(p[0][0].item<float>(), 2.0f, 1e-6);
  EXPECT_NEAR(p[0][1].item<float>(), 0.0f, 1e-6);
  // A sample already inside is unchanged.
  EXPECT_FLOAT_EQ(p[1][0].item<float>(), 0.5f);
  EXPECT_FLOAT_EQ(p[1][1].item<float>(), -0.5f);
}

TEST(L1Ball, ProjectionIsFeasibleAndNearestPerSample) {
  auto g = at::detail::createCPUGenerator(7);
  const auto v = torch::randn({3, 4, 5, 5}, g) * 3.0;
  const double radius = 10.0;
  const auto p = project_l1_ball(v, radius);
  for (int64_t i = 0; i < 3; ++i) {
    EXPECT_LE(p[i].abs().sum().item<double>(), radius * (1 + 1e-5));
    EXPECT_NEAR(p[i].abs().sum().item<double>(), radius, 1e-3);  // v is far outside
    const double distance = (p[i] - v[i]).norm().item<double>();
    for (int trial = 0; trial < 200; ++trial) {
      auto u = torch::randn({4, 5, 5}, g);
      u = u * (radius * torch::rand({1}, g).item<double>() / u.abs().sum().item<double>());
      EXPECT_LE(distance, (u - v[i]).norm().item<double>() + 1e-5);
    }
  }
}

TEST(ImageMetrics, ClosedForms) {
  const auto zeros = torch::zeros({1, 1, 28, 28});
  const auto shifted = torch::full({1, 1, 28, 28}, 0.1);
  const auto s = score_images(shifted, zeros)[0];
  EXPECT_NEAR(s.mse, 0.01, 1e-9);
  EXPECT_NEAR(s.psnr, 20.0, 1e-6);
  // Constant images: SSIM = C1 / (0.1^2 + C1).
  EXPECT_NEAR(s.ssim, 1e-4 / (0.01 + 1e-4), 1e-9);
  const auto images = smooth_unit_images(2, 3);
  const auto same = score_images(images, images);
  EXPECT_DOUBLE_EQ(same[1].psnr, 100.0);
  EXPECT_NEAR(same[1].ssim, 1.0, 1e-12);
  const auto other = smooth_unit_images(2, 4);
  EXPECT_NEAR(score_images(images, other)[0].ssim, score_images(other, images)[0].ssim, 1e-12);
  EXPECT_THROW(score_images(images, zeros), std::invalid_argument);
}

TEST(Adam, FirstStepMovesByLrAlongTheSignAndSchedulesMatchTheirFormulas) {
  auto x = torch::zeros({3});
  Adam adam({x});
  adam.step({torch::tensor({2.0f, -0.5f, 1e-3f})}, 0.1);
  EXPECT_NEAR(x[0].item<float>(), -0.1f, 1e-5);
  EXPECT_NEAR(x[1].item<float>(), 0.1f, 1e-5);
  EXPECT_NEAR(x[2].item<float>(), -0.1f, 1e-3);
  EXPECT_DOUBLE_EQ(scheduled_lr(LrSchedule::WarmupCosine, 0.1, 0, 100), 0.0);
  EXPECT_NEAR(scheduled_lr(LrSchedule::WarmupCosine, 0.1, 5, 100), 0.1, 1e-12);
  EXPECT_NEAR(scheduled_lr(LrSchedule::WarmupCosine, 0.1, 50, 100), 0.1 * 0.75, 1e-12);
  EXPECT_NEAR(scheduled_lr(LrSchedule::StepDecay, 0.1, 37, 100), 0.1, 1e-12);
  EXPECT_NEAR(scheduled_lr(LrSchedule::StepDecay, 0.1, 38, 100), 0.01, 1e-12);
  EXPECT_NEAR(scheduled_lr(LrSchedule::StepDecay, 0.1, 99, 100), 1e-4, 1e-12);
}

class LabelInferenceTest : public ::testing::TestWithParam<fl::Activation> {};

TEST_P(LabelInferenceTest, RecoversDistinctLabelsExactly) {
  auto victim = lenet(GetParam());
  for (int64_t batch : {1, 4, 10}) {
    const auto x = (smooth_unit_images(batch, 10 + batch) - 0.286) / 0.353;
    const auto y =
        torch::randperm(10, at::detail::createCPUGenerator(batch), torch::kInt64).narrow(0, 0, batch);
    victim->loss_and_grad(x, y);
    const auto inferred = infer_labels(victim->grad(), victim->layout(), batch);
    EXPECT_TRUE(torch::equal(inferred, std::get<0>(y.sort()))) << "batch " << batch;
  }
  EXPECT_THROW(infer_labels(victim->grad(), victim->layout(), 11), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Activations, LabelInferenceTest,
                         ::testing::Values(fl::Activation::ReLU, fl::Activation::Sigmoid));

TEST(GradientMatcher, DummyGradientIsTheSimulatorsGradientAndVanishesAtTheTruth) {
  auto victim = lenet(fl::Activation::ReLU);
  const auto x = (smooth_unit_images(2, 5) - 0.286) / 0.353;
  const auto y = torch::tensor({1L, 7L});
  fl::Dataset data;
  data.images = x;
  data.labels = y;
  auto observed = torch::zeros_like(victim->params());
  fl::full_batch_gradient(*victim, data, y, {0, 1}, 2, observed);
  for (auto distance : {GradientDistance::Cosine, GradientDistance::SquaredL2}) {
    GradientMatcher matcher(*victim, observed, distance, {});
    EXPECT_TRUE(torch::allclose(matcher.dummy_gradient(x, y), observed, 1e-5, 1e-7));
    EXPECT_NEAR(matcher.score(x, y), 0.0, 1e-6);
    EXPECT_GT(matcher.score((smooth_unit_images(2, 6) - 0.286) / 0.353, y), 1e-3);
  }
}

TEST(GradientMatcher, SecondOrderGradientMatchesFiniteDifferences) {
  // The attacks differentiate the gradient distance w.r.t. the input (double back-propagation):
  // along the analytic gradient's own direction, the distance must change at rate |gradient|. A
  // sigmoid MLP keeps the distance smooth (no ReLU or max-pool kinks inside the difference step).
  auto victim = testing::mlp(fl::Activation::Sigmoid);
  const auto truth = (smooth_unit_images(1, 8) - 0.286) / 0.353;
  const auto y = torch::tensor({3L});
  victim->loss_and_grad(truth, y);
  GradientMatcher matcher(*victim, victim->grad().clone(), GradientDistance::Cosine, {});
  const auto x = ((smooth_unit_images(1, 9) - 0.286) / 0.353).to(torch::kFloat32).requires_grad_();
  const auto analytic = torch::autograd::grad({matcher.distance(x, y)}, {x})[0];
  const double slope = analytic.norm().item<double>();
  ASSERT_GT(slope, 0.0);
  const auto direction = analytic / slope;
  const double h = 1e-3 / slope;  // moves the distance by about 1e-3
  const double numeric =
      (matcher.score(x.detach() + h * direction, y) - matcher.score(x.detach() - h * direction, y)) / (2 * h);
  EXPECT_NEAR(numeric, slope, 0.05 * slope);
}

TEST(ImagePriors, TotalVariationOfAStepEdge) {
  auto image = torch::zeros({1, 1, 4, 4});
  image.narrow(3, 2, 2).fill_(1.0);
  // One of the three horizontal differences per row is 1; no vertical difference.
  EXPECT_NEAR(total_variation(image).item<double>(), 1.0 / 3.0, 1e-7);
}

}  // namespace
}  // namespace fedsec::attacks
