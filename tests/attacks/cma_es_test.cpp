#include "attacks/inversion/cma_es.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "fl/errors.h"

namespace fedsec::attacks {
namespace {

using Objective = std::function<double(const Eigen::VectorXd&)>;

double sphere(const Eigen::VectorXd& x) { return x.squaredNorm(); }

double rosenbrock(const Eigen::VectorXd& x) {
  double sum = 0.0;
  for (Eigen::Index i = 0; i + 1 < x.size(); ++i)
    sum += 100.0 * std::pow(x[i + 1] - x[i] * x[i], 2) + std::pow(1.0 - x[i], 2);
  return sum;
}

// Axis-parallel ellipsoid with condition number 1e6.
double ellipsoid(const Eigen::VectorXd& x) {
  const double n = static_cast<double>(x.size());
  double sum = 0.0;
  for (Eigen::Index i = 0; i < x.size(); ++i) sum += std::pow(1e6, i / (n - 1.0)) * x[i] * x[i];
  return sum;
}

// Evaluations until the best loss falls below target, or -1 if it does not within max_generations.
long evaluations_to_reach(const Objective& f, const Eigen::VectorXd& x0, double sigma, double target,
                          int max_generations, const CmaEsOptions& options = {}) {
  CmaEs es(x0, sigma, options);
  std::vector<double> losses(es.population());
  for (int g = 0; g < max_generations; ++g) {
    const auto candidates = es.ask();
    for (int k = 0; k < es.population(); ++k) losses[k] = f(candidates[k]);
    es.tell(losses);
    if (es.best().loss < target) return static_cast<long>(es.generation()) * es.population();
  }
  return -1;
}

TEST(CmaEs, DefaultPopulationIsFourPlusThreeLogN) {
  EXPECT_EQ(CmaEs(Eigen::VectorXd::Zero(10), 1.0).population(), 10);
  EXPECT_EQ(CmaEs(Eigen::VectorXd::Zero(128), 1.0).population(), 18);
  EXPECT_EQ(CmaEs(Eigen::VectorXd::Zero(1), 1.0).population(), 4);
  EXPECT_EQ(CmaEs(Eigen::VectorXd::Zero(128), 1.0, {50, 0}).population(), 50);
}

TEST(CmaEs, ConvergesOnTheSphere) {
  const long evaluations = evaluations_to_reach(sphere, Eigen::VectorXd::Constant(10, 3.0), 1.0, 1e-8, 1000);
  EXPECT_GT(evaluations, 0);
}

TEST(CmaEs, ConvergesOnRosenbrock) {
  const long evaluations = evaluations_to_reach(rosenbrock, Eigen::VectorXd::Zero(10), 0.5, 1e-6, 5000);
  EXPECT_GT(evaluations, 0);
}

TEST(CmaEs, CovarianceLearningSolvesAnIllConditionedEllipsoidFaster) {
  const Eigen::VectorXd x0 = Eigen::VectorXd::Ones(10);
  const long adaptive = evaluations_to_reach(ellipsoid, x0, 1.0, 1e-8, 3000);
  ASSERT_GT(adaptive, 0);
  // Step-size adaptation alone has not got there with five times the evaluations.
  CmaEsOptions isotropic;
  isotropic.learn_covariance = false;
  const long fixed =
      evaluations_to_reach(ellipsoid, x0, 1.0, 1e-8, static_cast<int>(5 * adaptive / 10), isotropic);
  EXPECT_EQ(fixed, -1) << "covariance learning needed " << adaptive << " evaluations";
}

TEST(CmaEs, MinimizeReturnsTheBestPointSeen) {
  const CmaEsPoint best = minimize(sphere, Eigen::VectorXd::Constant(5, 1.0), 0.5, 200);
  EXPECT_LT(best.loss, 1e-12);
  EXPECT_DOUBLE_EQ(best.loss, sphere(best.x));
}

TEST(CmaEs, BestIsTheStartWithInfiniteLossBeforeAnyTell) {
  const Eigen::VectorXd x0 = Eigen::VectorXd::Constant(3, 2.0);
  CmaEs es(x0, 1.0);
  EXPECT_EQ(es.best().x, x0);
  EXPECT_EQ(es.best().loss, std::numeric_limits<double>::infinity());
  EXPECT_EQ(es.generation(), 0);
}

TEST(CmaEs, SameSeedGivesABitIdenticalTrajectory) {
  const Eigen::VectorXd x0 = Eigen::VectorXd::Constant(8, 1.0);
  CmaEs a(x0, 0.7, {12, 42}), b(x0, 0.7, {12, 42});
  for (int g = 0; g < 60; ++g) {
    const auto xa = a.ask(), xb = b.ask();
    std::vector<double> losses;
    for (std::size_t k = 0; k < xa.size(); ++k) {
      ASSERT_EQ(xa[k], xb[k]) << "generation " << g << " candidate " << k;
      losses.push_back(rosenbrock(xa[k]));
    }
    a.tell(losses);
    b.tell(losses);
    ASSERT_EQ(a.mean(), b.mean());
    ASSERT_EQ(a.sigma(), b.sigma());
  }
  EXPECT_EQ(a.best().x, b.best().x);
}

TEST(CmaEs, DifferentSeedsDrawDifferentCandidates) {
  const Eigen::VectorXd x0 = Eigen::VectorXd::Zero(8);
  CmaEs a(x0, 1.0, {12, 1}), b(x0, 1.0, {12, 2});
  EXPECT_NE(a.ask()[0], b.ask()[0]);
}

TEST(CmaEs, NanLossesCountAsInfinite) {
  const Eigen::VectorXd x0 = Eigen::VectorXd::Constant(4, 1.0);
  CmaEs with_nan(x0, 1.0, {6, 3}), with_inf(x0, 1.0, {6, 3});
  const auto candidates = with_nan.ask();
  with_inf.ask();
  std::vector<double> losses;
  for (const auto& x : candidates) losses.push_back(sphere(x));
  losses[0] = std::nan("");
  with_nan.tell(losses);
  losses[0] = std::numeric_limits<double>::infinity();
  with_inf.tell(losses);
  EXPECT_EQ(with_nan.mean(), with_inf.mean());
  EXPECT_EQ(with_nan.sigma(), with_inf.sigma());
  EXPECT_NE(with_nan.best().x, candidates[0]);
  EXPECT_FALSE(std::isnan(with_nan.best().loss));
}

TEST(CmaEs, RejectsInvalidInput) {
  const Eigen::VectorXd x0 = Eigen::VectorXd::Zero(3);
  EXPECT_THROW(CmaEs(x0, 1.0, {1, 0}), UsageError);
  EXPECT_THROW(CmaEs(x0, 1.0, {-4, 0}), UsageError);
  EXPECT_THROW(CmaEs(x0, 0.0), UsageError);
  EXPECT_THROW(CmaEs(x0, -1.0), UsageError);
  EXPECT_THROW(CmaEs(x0, std::nan("")), UsageError);
  EXPECT_THROW(CmaEs(x0, std::numeric_limits<double>::infinity()), UsageError);
  EXPECT_THROW(CmaEs(Eigen::VectorXd(), 1.0), UsageError);
  EXPECT_THROW(CmaEs(Eigen::VectorXd::Constant(2, std::nan("")), 1.0), UsageError);
  EXPECT_THROW(minimize(sphere, x0, 1.0, 0), UsageError);

  CmaEs es(x0, 1.0, {4, 0});
  EXPECT_THROW(es.tell({1, 2, 3, 4}), UsageError);  // nothing asked yet
  es.ask();
  EXPECT_THROW(es.ask(), UsageError);  // previous population not told
  EXPECT_THROW(es.tell({1, 2, 3}), UsageError);
  EXPECT_THROW(es.tell({1, 2, 3, 4, 5}), UsageError);
  es.tell({1, 2, 3, 4});
  EXPECT_EQ(es.generation(), 1);
}

}  // namespace
}  // namespace fedsec::attacks
