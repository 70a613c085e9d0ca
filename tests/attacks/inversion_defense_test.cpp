// Defended gradients and the attacker's mirror of each defense.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "attacks/inversion/gradient_defense.h"
#include "attacks/inversion/label_inference.h"
#include "attacks/inversion_support.h"

namespace fedsec::attacks {
namespace {

struct Batch {
  std::unique_ptr<fl::ConvNet> victim = testing::lenet(fl::Activation::ReLU);
  torch::Tensor x = (testing::smooth_unit_images(3, 21) - 0.286) / 0.353;
  torch::Tensor y = torch::tensor({0L, 4L, 8L});
  torch::Tensor gradient;
  Batch() {
    victim->loss_and_grad(x, y);
    gradient = victim->grad().clone();
  }
};

TEST(GradientDefense, MirrorAppliedToTheTrueGradientReproducesWhatTheServerSees) {
  Batch b;
  for (auto kind : {DefenseKind::Clip, DefenseKind::Prune, DefenseKind::Soteria}) {
    GradientDefense defense;
    defense.kind = kind;
    defense.clip_norm = 0.5 * b.gradient.norm().item<double>();
    defense.prune_fraction = 0.9;
    defense.soteria_fraction = 0.75;  // more than the dead ReLU features
    const auto defended = defend_gradient(defense, b.gradient, *b.victim, b.x, b.y);
    EXPECT_TRUE(torch::allclose(defended.mirror.apply(b.gradient), defended.gradient, 1e-6, 1e-9))
        << static_cast<int>(kind);
    EXPECT_FALSE(torch::equal(defended.gradient, b.gradient));
    // The mirror stays differentiable: the attack back-propagates through it.
    EXPECT_TRUE(defended.mirror.apply(b.gradient.clone().requires_grad_()).requires_grad());
  }
}

TEST(GradientDefense, ClipBoundsTheNormAndPruneZeroesTheFractionPerTensor) {
  Batch b;
  GradientDefense clip;
  clip.kind = DefenseKind::Clip;
  clip.clip_norm = 0.01;
  EXPECT_NEAR(defend_gradient(clip, b.gradient, *b.victim, b.x, b.y).gradient.norm().item<double>(), 0.01,
              1e-6);
  const auto pruned = prune_per_tensor(b.gradient, b.victim->layout(), 0.5);
  for (const auto& entry : b.victim->layout().entries()) {
    const auto part = pruned.narrow(0, entry.offset, entry.numel);
    const auto zeros = part.eq(0).sum().item<int64_t>();
    EXPECT_GE(zeros, entry.numel / 2) << entry.name;
    // The kept entries are the largest in magnitude.
    const auto original = b.gradient.narrow(0, entry.offset, entry.numel).abs();
    const auto kept = part.ne(0);
    if (kept.any().item<bool>()) {
      EXPECT_GE(original.index({kept}).min().item<float>(),
                original.index({kept.logical_not()}).max().item<float>());
    }
  }
}

TEST(GradientDefense, SoteriaMasksTheLeastSensitiveFeatureColumns) {
  Batch b;
  GradientDefense soteria;
  soteria.kind = DefenseKind::Soteria;
  soteria.soteria_fraction = 0.75;
  const auto defended = defend_gradient(soteria, b.gradient, *b.victim, b.x, b.y);
  const auto& weight = output_layer_weight(b.victim->layout());
  const auto columns =
      defended.gradient.narrow(0, weight.offset, weight.numel).view(weight.shape).ne(0).any(0);
  const auto originally = b.gradient.narrow(0, weight.offset, weight.numel).view(weight.shape).ne(0).any(0);
  // 84 features, 63 masked; dead ReLU features (already zero) score 0 and are masked first.
  const int64_t zero_after = 84 - columns.sum().item<int64_t>();
  const int64_t zero_before = 84 - originally.sum().item<int64_t>();
  EXPECT_EQ(zero_after, std::max<int64_t>(63, zero_before));
  EXPECT_GT(zero_after, zero_before);
  // Every other parameter's gradient is untouched.
  EXPECT_TRUE(
      torch::equal(defended.gradient.narrow(0, 0, weight.offset), b.gradient.narrow(0, 0, weight.offset)));
  // The scores are the recovered representation's sensitivities: finite and non-negative.
  const auto scores = soteria_scores(*b.victim, b.x, b.y);
  EXPECT_EQ(scores.size(0), 84);
  EXPECT_TRUE(torch::isfinite(scores).all().item<bool>());
  EXPECT_GE(scores.min().item<double>(), 0.0);
}

TEST(GradientDefense, NoiseIsSeededAndHasTheConfiguredScale) {
  Batch b;
  GradientDefense noise;
  noise.kind = DefenseKind::Noise;
  noise.noise_std = 0.05;
  noise.noise_seed = 11;
  const auto first = defend_gradient(noise, b.gradient, *b.victim, b.x, b.y).gradient;
  EXPECT_TRUE(torch::equal(first, defend_gradient(noise, b.gradient, *b.victim, b.x, b.y).gradient));
  const double std = (first - b.gradient).std().item<double>();
  EXPECT_NEAR(std, 0.05, 0.002);
}

}  // namespace
}  // namespace fedsec::attacks
