#include "privacy/dp_sgd.h"

#include <gtest/gtest.h>

#include <numeric>

#include "fl/errors.h"
#include "fl/models/convnet.h"
#include "fl/models/dense_net.h"
#include "privacy/gaussian_noise.h"

namespace fedsec::privacy {
namespace {

fl::Dataset random_dataset(int64_t n, uint64_t seed) {
  auto g = at::detail::createCPUGenerator(seed);
  fl::Dataset d;
  d.images = at::randn({n, 1, 28, 28}, g);
  d.labels = at::randint(0, 10, {n}, g, torch::kInt64);
  d.num_classes = 10;
  return d;
}

std::vector<int64_t> all_samples(int64_t n) {
  std::vector<int64_t> s(static_cast<size_t>(n));
  std::iota(s.begin(), s.end(), 0);
  return s;
}

TEST(DpSgd, WithoutNoiseAndWithAnInactiveClipItIsPlainSgd) {
  // Shuffled full batches, a clip no gradient reaches and no noise: DP-SGD's update is SGD's.
  const auto data = random_dataset(40, 1);
  fl::LocalSgdOptions sgd;
  sgd.epochs = 2;
  sgd.batch_size = 8;
  sgd.lr = 0.1;
  sgd.momentum = 0.5;
  sgd.weight_decay = 1e-3;
  DpSgdOptions dp;
  dp.clip_norm = 1e6;
  dp.noise_multiplier = 0;
  dp.sampling = BatchSampling::Shuffle;
  for (int model_kind = 0; model_kind < 2; ++model_kind) {
    std::unique_ptr<fl::Model> a;
    if (model_kind == 0)
      a = std::make_unique<fl::DenseNet>(fl::DenseNetOptions{784, {20}, 10, fl::Activation::Tanh, 3});
    else
      a = std::make_unique<fl::ConvNet>(fl::ConvNetOptions{1, 10, fl::Activation::ReLU, 3});
    auto b = a->clone();
    fl::Rng rng_a(7), rng_b(7);
    fl::train_local_sgd(*a, data, data.labels, all_samples(40), sgd, rng_a);
    const auto result = train_dp_sgd(*b, data, data.labels, all_samples(40), sgd, dp, rng_b);
    EXPECT_EQ(result.steps, 10);
    EXPECT_LE((a->params() - b->params()).abs().max().item<double>(), 1e-5);
  }
}

TEST(DpSgd, EachSampleMovesTheModelByAtMostLrTimesClipOverBatch) {
  // One step on one sample with no noise: the step is the clipped gradient over the expected
  // batch size, so its norm is at most lr * clip / batch.
  const auto data = random_dataset(16, 2);
  fl::DenseNet model(fl::DenseNetOptions{784, {}, 10, fl::Activation::ReLU, 4});
  fl::LocalSgdOptions sgd;
  sgd.steps = 1;
  sgd.batch_size = 1;
  sgd.lr = 1.0;
  DpSgdOptions dp;
  dp.clip_norm = 0.01;
  dp.noise_multiplier = 0;
  dp.sampling = BatchSampling::Shuffle;
  for (int64_t i = 0; i < 16; ++i) {
    auto m = model.clone();
    const auto before = m->params().clone();
    fl::Rng rng(static_cast<uint64_t>(i));
    train_dp_sgd(*m, data, data.labels, {i}, sgd, dp, rng);
    EXPECT_LE((m->params() - before).norm().item<double>(), 0.01 * (1 + 1e-5));
    EXPECT_GT((m->params() - before).norm().item<double>(), 0.0099);  // the clip was active
  }
}

TEST(DpSgd, NoiseOfTheRightScaleReachesTheModel) {
  // Zero clip norm impossible; a tiny clip makes the step nearly pure noise: lr * sigma * C / B.
  const auto data = random_dataset(64, 3);
  fl::DenseNet model(fl::DenseNetOptions{784, {}, 10, fl::Activation::ReLU, 5});
  fl::LocalSgdOptions sgd;
  sgd.steps = 1;
  sgd.batch_size = 16;
  sgd.lr = 1.0;
  DpSgdOptions dp;
  dp.clip_norm = 1e-4;
  dp.noise_multiplier = 2.0;
  const auto before = model.params().clone();
  fl::Rng rng(9);
  train_dp_sgd(model, data, data.labels, all_samples(64), sgd, dp, rng);
  const double expected_std = 2.0 * 1e-4 / 16;
  const double std = (model.params() - before).std().item<double>();
  EXPECT_NEAR(std, expected_std, 0.05 * expected_std);
}

TEST(DpSgd, StepCountFollowsStepsOrEpochs) {
  EXPECT_EQ(dp_sgd_steps(100, fl::LocalSgdOptions{2, 0, 32}), 8);
  EXPECT_EQ(dp_sgd_steps(100, fl::LocalSgdOptions{2, 5, 32}), 5);
}

TEST(DpSgd, IsDeterministicWithTheSeededNoiseSource) {
  const auto data = random_dataset(50, 4);
  fl::LocalSgdOptions sgd;
  sgd.epochs = 1;
  sgd.batch_size = 10;
  DpSgdOptions dp;
  fl::DenseNet a(fl::DenseNetOptions{784, {}, 10, fl::Activation::ReLU, 6});
  auto b = a.clone();
  fl::Rng r1(3), r2(3);
  train_dp_sgd(a, data, data.labels, all_samples(50), sgd, dp, r1);
  train_dp_sgd(*b, data, data.labels, all_samples(50), sgd, dp, r2);
  EXPECT_TRUE(torch::equal(a.params(), b->params()));
}

TEST(GaussianNoise, BothSourcesHaveZeroMeanAndTheRequestedDeviation) {
  for (auto source : {NoiseSource::Seeded, NoiseSource::Secure}) {
    auto v = torch::zeros({400000});
    fl::Rng rng(1);
    add_gaussian_noise(v, 3.0, source, rng);
    EXPECT_NEAR(v.mean().item<double>(), 0.0, 0.03);
    EXPECT_NEAR(v.std().item<double>(), 3.0, 0.03);
    // Fourth moment of a Gaussian: 3 sigma^4.
    EXPECT_NEAR((v / 3.0).pow(4).mean().item<double>(), 3.0, 0.1);
  }
}

TEST(GaussianNoise, SeededFillsOddLengthsWithIndependentFiniteValues) {
  for (int64_t n : {1, 3, 4095, 4097}) {
    auto v = torch::full({n}, 10.0f);
    fl::Rng rng(7);
    add_gaussian_noise(v, 1.0, NoiseSource::Seeded, rng);
    EXPECT_TRUE(torch::isfinite(v).all().item<bool>()) << n;
    EXPECT_TRUE((v != 10.0f).all().item<bool>()) << "every entry gets noise, n = " << n;
  }
  // The cosine and sine of one Box-Muller pair (values 32k + j and 32k + 16 + j, see
  // privacy/normal_sampler.h), and neighbouring values, are uncorrelated.
  auto v = torch::zeros({400000});
  fl::Rng rng(8);
  add_gaussian_noise(v, 1.0, NoiseSource::Seeded, rng);
  const auto blocks = v.view({-1, 32});
  EXPECT_NEAR((blocks.slice(1, 0, 16) * blocks.slice(1, 16, 32)).mean().item<double>(), 0.0, 0.01);
  EXPECT_NEAR((v.slice(0, 1) * v.slice(0, 0, -1)).mean().item<double>(), 0.0, 0.01);
  // The tail: P(|Z| > 3) = 0.0027.
  EXPECT_NEAR((v.abs() > 3.0f).to(torch::kFloat64).mean().item<double>(), 0.0027, 0.0005);
}

TEST(GaussianNoise, SeededIsReproducibleAndSecureIsNot) {
  auto a = torch::zeros({1000}), b = torch::zeros({1000});
  fl::Rng r1(5), r2(5);
  add_gaussian_noise(a, 1.0, NoiseSource::Seeded, r1);
  add_gaussian_noise(b, 1.0, NoiseSource::Seeded, r2);
  EXPECT_TRUE(torch::equal(a, b));
  auto c = torch::zeros({1000}), d = torch::zeros({1000});
  add_gaussian_noise(c, 1.0, NoiseSource::Secure, r1);
  add_gaussian_noise(d, 1.0, NoiseSource::Secure, r1);
  EXPECT_FALSE(torch::equal(c, d));
  EXPECT_THROW(parse_noise_source("urandom"), UsageError);
}

}  // namespace
}  // namespace fedsec::privacy
