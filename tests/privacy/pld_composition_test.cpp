#include "privacy/pld_composition.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>

#include "privacy/pld_fft.h"
#include "privacy/pld_pmf.h"

namespace fedsec::privacy {
namespace {

constexpr double kPi = 3.14159265358979323846;

TEST(RealFft, MatchesDirectDftAndInvertsIt) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> uniform(0, 1);
  for (std::size_t n : {2u, 4u, 8u, 64u}) {
    std::vector<double> x(n - 1);  // zero-padded by one
    for (double& v : x) v = uniform(rng);
    const RealFft fft(n);
    const std::vector<std::complex<double>> spectrum = fft.forward(x);
    ASSERT_EQ(spectrum.size(), n / 2 + 1);
    for (std::size_t k = 0; k <= n / 2; ++k) {
      std::complex<double> direct = 0;
      for (std::size_t j = 0; j < x.size(); ++j)
        direct += x[j] * std::polar(1.0, -2 * kPi * double(k * j) / double(n));
      EXPECT_NEAR(std::abs(spectrum[k] - direct), 0, 1e-12) << "n " << n << " k " << k;
    }
    const std::vector<double> back = fft.inverse(spectrum);
    for (std::size_t j = 0; j < n; ++j) EXPECT_NEAR(back[j], j < x.size() ? x[j] : 0.0, 1e-14);
  }
  EXPECT_THROW(RealFft(6), std::invalid_argument);
  EXPECT_THROW(RealFft(1), std::invalid_argument);
}

PldPmf small_pmf(std::int64_t lower, std::vector<double> probs, double infinity_mass) {
  PldPmf pmf;
  pmf.lower = lower;
  pmf.probs = std::move(probs);
  pmf.infinity_mass = infinity_mass;
  return pmf;
}

TEST(Compose, EqualsDirectConvolutionWithoutTruncation) {
  const PldPmf a = small_pmf(-2, {0.1, 0.3, 0.0, 0.5}, 0.1);
  const PldPmf b = small_pmf(1, {0.6, 0.39}, 0.01);
  // a * a * b by hand.
  std::vector<double> aa(7, 0.0), aab(8, 0.0);
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) aa[i + j] += a.probs[i] * a.probs[j];
  for (std::size_t i = 0; i < 7; ++i)
    for (std::size_t j = 0; j < 2; ++j) aab[i + j] += aa[i] * b.probs[j];
  const std::optional<PldPmf> c = compose({{&a, 2}, {&b, 1}}, 0.0, 1000);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->lower, -2 - 2 + 1);
  ASSERT_EQ(c->probs.size(), aab.size());
  for (std::size_t i = 0; i < aab.size(); ++i) EXPECT_NEAR(c->probs[i], aab[i], 1e-15);
  EXPECT_NEAR(c->infinity_mass, 1 - 0.9 * 0.9 * 0.99, 1e-15);
  EXPECT_FALSE(compose({{&a, 2}, {&b, 1}}, 0.0, 7).has_value());
}

TEST(Compose, TruncatedTailMassGoesToInfinity) {
  const PldPmf step = discretize_subsampled_gaussian(1.1, 0.01, PldSide::kRemove, 1e-4);
  const std::optional<PldPmf> composed = compose({{&step, 1000}}, 1e-15, std::int64_t(1) << 22);
  ASSERT_TRUE(composed.has_value());
  double finite = 0;
  for (double p : composed->probs) finite += p;
  EXPECT_NEAR(finite + composed->infinity_mass, 1.0, 1e-9);
  // The Chernoff range is far narrower than the full 1000-fold support.
  EXPECT_LT(composed->probs.size(), 1000 * (step.probs.size() - 1) / 10);
}

TEST(Discretization, ConnectTheDotsReproducesDeltaAtGridPoints) {
  const double h = 1e-3;
  for (PldSide side : {PldSide::kRemove, PldSide::kAdd}) {
    const PldPmf pmf = discretize_subsampled_gaussian(0.9, 0.05, side, h);
    // Mass is conserved up to round-off; negative round-off masses (far left tail, where delta is
    // about 1) are clamped to 0, which can only add mass and so keeps the PLD pessimistic.
    double total = pmf.infinity_mass;
    for (double p : pmf.probs) total += p;
    EXPECT_GT(total, 1 - 1e-12);
    EXPECT_LT(total, 1 + 1e-8);
    for (std::int64_t i = pmf.lower; i < pmf.lower + std::int64_t(pmf.probs.size()); i += 97) {
      const double eps = double(i) * h;
      double delta = pmf.infinity_mass;
      for (std::size_t k = 0; k < pmf.probs.size(); ++k) {
        const double loss = double(pmf.lower + std::int64_t(k)) * h;
        if (loss > eps) delta += pmf.probs[k] * -std::expm1(eps - loss);
      }
      const double exact = subsampled_gaussian_delta(0.9, 0.05, side, eps);
      EXPECT_GE(delta, exact - 1e-12) << "eps " << eps;
      EXPECT_NEAR(delta, exact, eps >= 0 ? 1e-12 : 1e-8) << "eps " << eps;
    }
  }
}

TEST(PldEpsilon, SolvesTheHockeyStickEquation) {
  // Losses 0.5 and 2.0 (interval 0.5), masses 0.9 and 0.09, infinity 0.01.
  const PldPmf pmf = small_pmf(1, {0.9, 0.0, 0.0, 0.09}, 0.01);
  EXPECT_EQ(pld_epsilon(pmf, 0.5, 0.005), INFINITY);
  // delta(eps) = 0.01 + 0.09 (1 - e^(eps - 2)) on [0.5, 2]: solve for delta = 0.05.
  EXPECT_NEAR(pld_epsilon(pmf, 0.5, 0.05), 2 + std::log(0.05 / 0.09), 1e-12);
  // At eps = 0 both points count; any delta at or above delta(0) gives epsilon 0.
  const double delta_at_zero = 0.01 + 0.09 * -std::expm1(-2.0) + 0.9 * -std::expm1(-0.5);
  EXPECT_EQ(pld_epsilon(pmf, 0.5, delta_at_zero + 1e-12), 0.0);
  EXPECT_GT(pld_epsilon(pmf, 0.5, delta_at_zero - 1e-6), 0.0);
}

}  // namespace
}  // namespace fedsec::privacy
