#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "fl/errors.h"
#include "fl/rng.h"
#include "traffic/linear_svm.h"
#include "traffic/logistic_regression.h"
#include "traffic/one_class_svm.h"
#include "traffic/random_draws.h"
#include "traffic/random_features.h"

namespace fedsec::traffic {
namespace {

RowMatrix gaussian_points(int m, int d, uint64_t seed, double shift = 0.0) {
  fl::Rng rng = fl::make_rng(seed, "test/points");
  RowMatrix a(m, d);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < d; ++j) a(i, j) = shift + draw_normal(rng);
  return a;
}

// Reference OC-SVM by a different method: accelerated projected gradient with adaptive restart
// (O'Donoghue & Candes 2015) on the dual min 1/2 ||A^T alpha||^2 s.t. 0 <= alpha <= c,
// sum alpha = 1 (projection by bisection), then the exact best r for that theta by scanning the
// breakpoints of the piecewise-linear objective in r.
Eigen::VectorXd reference_ocsvm(const RowMatrix& a, double c) {
  const Eigen::Index m = a.rows(), d = a.cols();
  const RowMatrix gram = a * a.transpose();
  const double step = 1.0 / gram.trace();  // the trace bounds the largest eigenvalue
  auto project = [&](const Eigen::VectorXd& z) {
    double lo = z.minCoeff() - c, hi = z.maxCoeff();
    for (int it = 0; it < 100; ++it) {
      const double tau = 0.5 * (lo + hi);
      ((z.array() - tau).max(0.0).min(c).sum() > 1.0 ? lo : hi) = tau;
    }
    return Eigen::VectorXd((z.array() - 0.5 * (lo + hi)).max(0.0).min(c));
  };
  Eigen::VectorXd alpha = project(Eigen::VectorXd::Constant(m, 1.0 / m)), y = alpha;
  double t = 1.0;
  for (int it = 0; it < 3000; ++it) {
    const Eigen::VectorXd next = project(y - step * (gram * y));
    if ((y - next).dot(next - alpha) > 0.0) t = 1.0;  // restart when momentum points uphill
    const double t_next = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * t * t));
    y = next + ((t - 1.0) / t_next) * (next - alpha);
    alpha = next;
    t = t_next;
  }
  Eigen::VectorXd x(d + 1);
  x.head(d) = a.transpose() * alpha;
  const Eigen::VectorXd s = a * x.head(d);
  double best = std::numeric_limits<double>::infinity();
  for (Eigen::Index k = 0; k < m; ++k) {
    const double obj = -s[k] + c * (s[k] - s.array()).max(0.0).sum();
    if (obj < best) best = obj, x[d] = s[k];
  }
  return x;
}

TEST(OneClassSvm, MatchesAGenericDualSolverOnASmallProblem) {
  const RowMatrix a = gaussian_points(30, 3, 1);
  OneClassSvmOptions o;
  o.nu = 0.25;  // nu m = 7.5: not an integer, so r is unique
  OneClassSvm svm(a, o);
  const Eigen::VectorXd x = svm.minimize();
  const Eigen::VectorXd ref = reference_ocsvm(a, 1.0 / (o.nu * 30));
  EXPECT_LT((x - ref).lpNorm<Eigen::Infinity>(), 1e-6) << x.transpose() << "\n" << ref.transpose();
  EXPECT_NEAR(svm.value(x), svm.value(ref), 1e-9);
}

TEST(OneClassSvm, LeavesAboutANuShareOfTrainingPointsOutside) {
  const RowMatrix a = RandomFourierFeatures(4, 100, 2.0, 5).transform(gaussian_points(400, 4, 2));
  OneClassSvmOptions o;
  o.nu = 0.1;
  OneClassSvm svm(a, o);
  const Eigen::VectorXd s = affine_scores(svm.score_weights(svm.minimize()), a);
  const long outside = (s.array() > 1e-7).count(), on_or_outside = (s.array() >= -1e-7).count();
  EXPECT_LE(outside, 40);        // at most nu m strictly outside ...
  EXPECT_GE(on_or_outside, 40);  // ... and at least nu m on or outside (Scholkopf et al., Prop. 4)
  EXPECT_GT(outside, 20);
}

TEST(OneClassSvm, ProxBeatsEveryNearbyPoint) {
  const RowMatrix a = gaussian_points(50, 4, 3);
  OneClassSvm svm(a, OneClassSvmOptions{});
  fl::Rng rng = fl::make_rng(4, "test/prox");
  Eigen::VectorXd v(5);
  for (int j = 0; j < 5; ++j) v[j] = draw_normal(rng);
  const double sigma = 0.7;
  const Eigen::VectorXd y = svm.prox(v, sigma);
  auto objective = [&](const Eigen::VectorXd& z) {
    return svm.value(z) + 0.5 * sigma * (z - v).squaredNorm();
  };
  for (int trial = 0; trial < 200; ++trial) {
    Eigen::VectorXd z = y;
    for (int j = 0; j < 5; ++j) z[j] += 1e-3 * draw_normal(rng);
    EXPECT_GE(objective(z), objective(y) - 1e-12);
  }
  // Warm-started from another centre, the answer is the same as from scratch.
  svm.prox(-v, 3.0);
  OneClassSvm fresh(a, OneClassSvmOptions{});
  EXPECT_LT((svm.prox(v, sigma) - fresh.prox(v, sigma)).lpNorm<Eigen::Infinity>(), 1e-8);
}

TEST(OneClassSvm, RejectsNuOutsideTheUnitInterval) {
  OneClassSvmOptions o;
  o.nu = 1.5;
  EXPECT_THROW(OneClassSvm(gaussian_points(5, 2, 1), o), UsageError);
}

std::vector<int> labels_by_first_feature(const RowMatrix& a) {
  std::vector<int> y(a.rows());
  for (Eigen::Index i = 0; i < a.rows(); ++i) y[i] = a(i, 0) + 0.3 * a(i, 1) > 0.2 ? 1 : -1;
  return y;
}

TEST(LinearSvm, ProxAndMinimizeSatisfyTheirOptimalityConditions) {
  const RowMatrix a = gaussian_points(80, 3, 6);
  LinearSvmOptions o;
  o.tolerance = 1e-10;
  LinearSvm svm(a, labels_by_first_feature(a), o);
  const Eigen::VectorXd x = svm.minimize();
  const Eigen::VectorXd s = affine_scores(svm.score_weights(x), a);
  int correct = 0;
  const auto y = labels_by_first_feature(a);
  for (int i = 0; i < 80; ++i) correct += (s[i] > 0) == (y[i] > 0);
  EXPECT_GE(correct, 76);
  fl::Rng rng = fl::make_rng(7, "test/svm");
  const Eigen::VectorXd v = Eigen::VectorXd::Constant(4, 0.5);
  const Eigen::VectorXd p = svm.prox(v, 2.0);
  for (int trial = 0; trial < 200; ++trial) {
    Eigen::VectorXd z = x, w = p;
    for (int j = 0; j < 4; ++j) z[j] += 1e-3 * draw_normal(rng), w[j] += 1e-3 * draw_normal(rng);
    EXPECT_GE(svm.value(z), svm.value(x) - 1e-10);
    EXPECT_GE(svm.value(w) + (w - v).squaredNorm(), svm.value(p) + (p - v).squaredNorm() - 1e-10);
  }
}

TEST(LogisticRegression, GradientVanishesAtTheMinimumAndTheProx) {
  const RowMatrix a = gaussian_points(60, 2, 8);
  const auto y = labels_by_first_feature(a);
  LogisticRegression model(a, y, LogisticRegressionOptions{});
  const Eigen::VectorXd x = model.minimize();
  // Numerical gradient of f at x.
  for (int j = 0; j < 3; ++j) {
    Eigen::VectorXd e = Eigen::VectorXd::Zero(3);
    e[j] = 1e-6;
    EXPECT_NEAR((model.value(x + e) - model.value(x - e)) / 2e-6, 0.0, 1e-5);
  }
  const Eigen::VectorXd v = Eigen::VectorXd::Ones(3);
  const Eigen::VectorXd p = model.prox(v, 5.0);
  for (int j = 0; j < 3; ++j) {
    Eigen::VectorXd e = Eigen::VectorXd::Zero(3);
    e[j] = 1e-6;
    auto obj = [&](const Eigen::VectorXd& z) { return model.value(z) + 2.5 * (z - v).squaredNorm(); };
    EXPECT_NEAR((obj(p + e) - obj(p - e)) / 2e-6, 0.0, 1e-5);
  }
  EXPECT_GT(affine_scores(model.score_weights(x), a)
                .cwiseProduct(Eigen::Map<const Eigen::VectorXi>(y.data(), 60).cast<double>())
                .minCoeff(),
            -3.0);
}

TEST(RandomFourierFeatures, ApproximateTheGaussianKernelAndAreFixedBySeed) {
  const RowMatrix a = gaussian_points(6, 3, 9);
  const double h = 1.5;
  const RandomFourierFeatures map(3, 4000, h, 11);
  const RowMatrix phi = map.transform(a);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j)
      EXPECT_NEAR(phi.row(i).dot(phi.row(j)), std::exp(-(a.row(i) - a.row(j)).squaredNorm() / (2 * h * h)),
                  0.06);
  EXPECT_EQ(RandomFourierFeatures(3, 50, h, 11).transform(a),
            RandomFourierFeatures(3, 50, h, 11).transform(a));
  EXPECT_NE(RandomFourierFeatures(3, 50, h, 11).transform(a),
            RandomFourierFeatures(3, 50, h, 12).transform(a));
}

}  // namespace
}  // namespace fedsec::traffic
