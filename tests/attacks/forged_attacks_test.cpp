// The forged updates of the Byzantine behaviours against hand-computed cases, closed forms and
// brute-force references.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "attacks/alie.h"
#include "attacks/deviation_attack.h"
#include "attacks/mimic.h"
#include "support/test_config.h"

namespace fedsec::attacks {
namespace {

// The update an attack built from config sends for the given honest rows.
torch::Tensor forged(const std::string& attack, const torch::Tensor& honest, int participants, int attackers,
                     std::vector<fl::Override> extra = {}) {
  extra.push_back({"attack.behaviour", attack});
  const auto config = fl::Config::parse("", extra, testing::registry().schema(), "test");
  auto behaviour = testing::registry().make_behaviour(attack, config);
  const torch::Tensor global = torch::zeros({honest.size(1)});
  fl::Rng rng = fl::make_rng(1, "test");
  fl::ClientContext context;
  context.global = &global;
  context.honest_updates = &honest;
  context.participants = participants;
  context.attackers = attackers;
  context.rng = &rng;
  EXPECT_TRUE(behaviour->omniscient()) << attack;
  return behaviour->respond(context).update;
}

torch::Tensor random_updates(int64_t h, int64_t d, uint64_t seed) {
  auto generator = at::detail::createCPUGenerator(seed);
  return at::normal(0.5, 1.0, {h, d}, generator, torch::TensorOptions(torch::kFloat32));
}

TEST(Alie, QuantileMatchesKnownValues) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-12);
  EXPECT_NEAR(normal_quantile(0.025), -1.959963984540054, 1e-12);
  EXPECT_THROW(normal_quantile(1.0), std::invalid_argument);
}

TEST(Alie, PaperZMatchesTheResearchTable) {
  // z = Phi^-1((n - s)/n), s = floor(n/2 + 1) - f, as tabulated for common (n, f).
  EXPECT_NEAR(alie_z(15, 3), 0.431, 1e-3);
  EXPECT_NEAR(alie_z(20, 8), 1.036, 1e-3);
  EXPECT_NEAR(alie_z(25, 5), 0.468, 1e-3);
  EXPECT_NEAR(alie_z(17, 4), 0.541, 1e-3);
  EXPECT_NEAR(alie_z(50, 12), 0.583, 1e-3);
  EXPECT_NEAR(alie_z(100, 20), 0.496, 1e-3);
}

TEST(Alie, SendsMeanMinusZTimesSampleStddev) {
  const torch::Tensor honest = torch::tensor({1.0f, 2.0f, 3.0f, 6.0f}).reshape({2, 2});
  // mean (2, 4); unbiased std (sqrt 2, 2 sqrt 2)
  const torch::Tensor v = forged("alie", honest, 4, 2, {{"attack.alie.z", "1.5"}});
  EXPECT_NEAR(v[0].item<float>(), 2 - 1.5 * std::sqrt(2.0), 1e-6);
  EXPECT_NEAR(v[1].item<float>(), 4 - 1.5 * 2 * std::sqrt(2.0), 1e-6);
  const torch::Tensor paper = forged("alie", honest, 15, 3);
  EXPECT_NEAR(paper[0].item<float>(), 2 - alie_z(15, 3) * std::sqrt(2.0), 1e-6);
}

TEST(Ipm, SendsMinusEpsilonTimesTheMean) {
  const torch::Tensor honest = torch::tensor({1.0f, -2.0f, 3.0f, 6.0f}).reshape({2, 2});
  const torch::Tensor v = forged("ipm", honest, 3, 1, {{"attack.ipm.epsilon", "0.5"}});
  EXPECT_TRUE(torch::allclose(v, torch::tensor({-1.0f, -1.0f})));
}

TEST(OmniscientAttack, SendsZerosWhenNoHonestUpdateIsSeen) {
  const torch::Tensor none = torch::empty({0, 3});
  for (const std::string attack : {"alie", "ipm", "min_max", "min_sum", "mimic"})
    EXPECT_TRUE(forged(attack, none, 2, 2).equal(torch::zeros({3}))) << attack;
}

// Squared distances from v to each row, the brute-force way.
torch::Tensor squared_distances(const torch::Tensor& rows, const torch::Tensor& v) {
  return (rows.to(torch::kFloat64) - v.to(torch::kFloat64)).square().sum(1);
}

double bound_of(const torch::Tensor& honest, DeviationBound bound) {
  const torch::Tensor x = honest.to(torch::kFloat64);
  const torch::Tensor pairwise = torch::cdist(x, x).square();
  return bound == DeviationBound::MaxDistance ? pairwise.max().item<double>()
                                              : pairwise.sum(1).min().item<double>();
}

double cost_of(const torch::Tensor& honest, const torch::Tensor& v, DeviationBound bound) {
  const torch::Tensor dist = squared_distances(honest, v);
  return bound == DeviationBound::MaxDistance ? dist.max().item<double>() : dist.sum().item<double>();
}

TEST(DeviationAttack, ScaleIsTheLargestAcceptedWithinTheSearchTolerance) {
  for (const auto bound : {DeviationBound::MaxDistance, DeviationBound::SumDistance}) {
    for (const auto direction :
         {DeviationDirection::StdDev, DeviationDirection::UnitMean, DeviationDirection::SignMean}) {
      for (uint64_t seed : {1, 2, 3}) {
        const torch::Tensor honest = random_updates(9, 40, seed);
        const torch::Tensor x = honest.to(torch::kFloat64);
        const torch::Tensor p = deviation_direction(honest, direction).to(torch::kFloat64);
        const double gamma = deviation_scale(honest, p.to(torch::kFloat32), bound);
        const torch::Tensor mean = x.mean(0);
        const double limit = bound_of(honest, bound);
        ASSERT_GT(gamma, 0.0);
        ASSERT_LT(gamma, 20.0);  // the search never reached its ceiling here
        EXPECT_LE(cost_of(honest, mean - gamma * p, bound), limit * (1 + 1e-9));
        EXPECT_GT(cost_of(honest, mean - (gamma + 1e-4) * p, bound), limit);
      }
    }
  }
}

TEST(DeviationAttack, MinMaxAndMinSumSendTheSearchedVector) {
  const torch::Tensor honest = random_updates(7, 30, 5);
  const torch::Tensor p = deviation_direction(honest, DeviationDirection::StdDev);
  const torch::Tensor mean = honest.to(torch::kFloat64).mean(0);
  const double gamma_max = deviation_scale(honest, p, DeviationBound::MaxDistance);
  const double gamma_sum = deviation_scale(honest, p, DeviationBound::SumDistance);
  EXPECT_TRUE(torch::allclose(forged("min_max", honest, 9, 2), (mean - gamma_max * p).to(torch::kFloat32),
                              1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(forged("min_sum", honest, 9, 2), (mean - gamma_sum * p).to(torch::kFloat32),
                              1e-5, 1e-6));
  // The std direction equals the coordinate-wise sample standard deviation.
  EXPECT_TRUE(torch::allclose(p, honest.std(0), 1e-5, 1e-6));
}

TEST(Mimic, CopiesTheUpdateFurthestAlongTheTopPrincipalDirection) {
  // Spread mostly along the first axis; the row at 10 sticks out furthest along it.
  const torch::Tensor honest =
      torch::tensor({0.0f, 0.0f, 1.0f, 0.2f, -1.0f, -0.1f, 10.0f, 0.3f, 2.0f, 0.0f}).reshape({5, 2});
  EXPECT_EQ(mimic_target(honest), 3);
  EXPECT_TRUE(forged("mimic", honest, 6, 1).equal(honest[3]));
}

TEST(Mimic, TargetAgreesWithAFullSvd) {
  for (uint64_t seed : {11, 12, 13, 14}) {
    const torch::Tensor honest = random_updates(6, 25, seed);
    const torch::Tensor x = honest.to(torch::kFloat64);
    const torch::Tensor centred = x - x.mean(0, true);
    const auto svd = at::linalg_svd(centred, /*full_matrices=*/false);
    const torch::Tensor v1 = std::get<2>(svd)[0];  // rows of Vh are right singular vectors
    EXPECT_EQ(mimic_target(honest), centred.matmul(v1).abs().argmax().item<int64_t>()) << seed;
  }
}

}  // namespace
}  // namespace fedsec::attacks
