#include "traffic/logistic_regression.h"

#include <cmath>

#include "fl/errors.h"
#include "traffic/linear_svm.h"

namespace fedsec::traffic {
namespace {

// log(1 + exp(z)) without overflow.
double softplus(double z) { return z > 0.0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

double sigmoid(double z) { return z >= 0.0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); }

}  // namespace

LogisticRegression::LogisticRegression(RowMatrix a, std::vector<int> labels,
                                       const LogisticRegressionOptions& options, std::vector<double> weights)
    : a_(with_bias_column(a)), options_(options) {
  const Eigen::Index m = a_.rows();
  if (static_cast<Eigen::Index>(labels.size()) != m ||
      (!weights.empty() && static_cast<Eigen::Index>(weights.size()) != m))
    throw UsageError("logistic regression: one label (and weight) per sample expected");
  if (!(options.c > 0.0)) throw UsageError("logistic regression: C must be > 0");
  y_.resize(m);
  c_.resize(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    if (labels[j] != 1 && labels[j] != -1) throw UsageError("logistic regression: labels must be +1 or -1");
    y_[j] = labels[j];
    c_[j] = options.c * (weights.empty() ? 1.0 : weights[j]);
  }
  last_ = Eigen::VectorXd::Zero(a_.cols());
}

double LogisticRegression::value(const Eigen::VectorXd& x) const {
  const Eigen::VectorXd margins = y_.cwiseProduct(a_ * x);
  double loss = 0.0;
  for (Eigen::Index j = 0; j < margins.size(); ++j) loss += c_[j] * softplus(-margins[j]);
  return 0.5 * x.squaredNorm() + loss;
}

Eigen::VectorXd LogisticRegression::solve(const Eigen::VectorXd& v, double sigma) {
  auto objective = [&](const Eigen::VectorXd& x) { return value(x) + 0.5 * sigma * (x - v).squaredNorm(); };
  Eigen::VectorXd x = last_;
  double fx = objective(x);
  for (int step = 0; step < options_.max_newton_steps; ++step) {
    const Eigen::VectorXd margins = y_.cwiseProduct(a_ * x);
    Eigen::VectorXd coef(margins.size()), curvature(margins.size());
    for (Eigen::Index j = 0; j < margins.size(); ++j) {
      const double p = sigmoid(-margins[j]);  // probability of the wrong label
      coef[j] = -c_[j] * y_[j] * p;
      curvature[j] = c_[j] * p * (1.0 - p);
    }
    const Eigen::VectorXd grad = x + sigma * (x - v) + a_.transpose() * coef;
    // Hessian (1 + sigma) I + A^T diag(curvature) A, accumulated as a symmetric rank update.
    const RowMatrix scaled = curvature.cwiseSqrt().asDiagonal() * a_;
    Eigen::MatrixXd hessian = Eigen::MatrixXd::Zero(a_.cols(), a_.cols());
    hessian.selfadjointView<Eigen::Lower>().rankUpdate(scaled.transpose());
    hessian.diagonal().array() += 1.0 + sigma;
    const Eigen::VectorXd direction = -hessian.selfadjointView<Eigen::Lower>().llt().solve(grad);
    const double decrement = -grad.dot(direction);  // the squared Newton decrement
    if (0.5 * decrement <= options_.tolerance * (1.0 + std::abs(fx))) break;
    // Backtracking (Armijo) line search; Newton steps are accepted whole near the optimum.
    double t = 1.0, f_new = objective(x + direction);
    while (f_new > fx - 1e-4 * t * decrement && t > 1e-10) {
      t *= 0.5;
      f_new = objective(x + t * direction);
    }
    if (!(f_new < fx)) break;  // no further decrease at this precision
    x += t * direction;
    fx = f_new;
  }
  last_ = x;
  return x;
}

Eigen::VectorXd LogisticRegression::prox(const Eigen::VectorXd& v, double sigma) { return solve(v, sigma); }

Eigen::VectorXd LogisticRegression::minimize() { return solve(Eigen::VectorXd::Zero(dim()), 0.0); }

}  // namespace fedsec::traffic
