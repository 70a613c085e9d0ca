#include "traffic/linear_svm.h"

#include <algorithm>
#include <cmath>

#include "fl/errors.h"

namespace fedsec::traffic {

RowMatrix with_bias_column(const RowMatrix& a) {
  RowMatrix out(a.rows(), a.cols() + 1);
  out.leftCols(a.cols()) = a;
  out.col(a.cols()).setOnes();
  return out;
}

LinearSvm::LinearSvm(RowMatrix a, std::vector<int> labels, const LinearSvmOptions& options,
                     std::vector<double> weights)
    : a_(with_bias_column(a)), options_(options) {
  const Eigen::Index m = a_.rows();
  if (static_cast<Eigen::Index>(labels.size()) != m ||
      (!weights.empty() && static_cast<Eigen::Index>(weights.size()) != m))
    throw UsageError("linear SVM: one label (and weight) per sample expected");
  if (!(options.c > 0.0)) throw UsageError("linear SVM: C must be > 0");
  y_.resize(m);
  c_.resize(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    if (labels[j] != 1 && labels[j] != -1) throw UsageError("linear SVM: labels must be +1 or -1");
    y_[j] = labels[j];
    c_[j] = options.c * (weights.empty() ? 1.0 : weights[j]);
  }
  norms_ = a_.rowwise().squaredNorm();
  alpha_ = Eigen::VectorXd::Zero(m);
}

double LinearSvm::value(const Eigen::VectorXd& x) const {
  const Eigen::ArrayXd hinge = (1.0 - y_.array() * (a_ * x).array()).max(0.0);
  return 0.5 * x.squaredNorm() + c_.dot(hinge.matrix());
}

Eigen::VectorXd LinearSvm::solve(const Eigen::VectorXd& v, double sigma) {
  const Eigen::Index m = a_.rows();
  const Eigen::VectorXd anchor = sigma * v;
  Eigen::VectorXd x = (anchor + a_.transpose() * alpha_.cwiseProduct(y_)) / (1.0 + sigma);
  for (int sweep = 0; sweep < options_.max_sweeps; ++sweep) {
    double max_violation = 0.0;
    for (Eigen::Index j = 0; j < m; ++j) {
      const double g = 1.0 - y_[j] * a_.row(j).dot(x);  // dD/dalpha_j, D maximised
      const double violation = (alpha_[j] <= 0.0 && g < 0.0) || (alpha_[j] >= c_[j] && g > 0.0) ? 0.0 : g;
      max_violation = std::max(max_violation, std::abs(violation));
      if (violation == 0.0) continue;
      const double updated = std::clamp(alpha_[j] + g * (1.0 + sigma) / norms_[j], 0.0, c_[j]);
      const double delta = updated - alpha_[j];
      alpha_[j] = updated;
      x += (delta * y_[j] / (1.0 + sigma)) * a_.row(j).transpose();
    }
    if (max_violation <= options_.tolerance) break;
  }
  return (anchor + a_.transpose() * alpha_.cwiseProduct(y_)) / (1.0 + sigma);
}

Eigen::VectorXd LinearSvm::prox(const Eigen::VectorXd& v, double sigma) { return solve(v, sigma); }

Eigen::VectorXd LinearSvm::minimize() { return solve(Eigen::VectorXd::Zero(dim()), 0.0); }

Eigen::VectorXd LinearSvm::scores(const Eigen::VectorXd& x, const RowMatrix& a) const {
  return affine_scores(x, a);
}

Eigen::VectorXd affine_scores(const Eigen::VectorXd& x, const RowMatrix& a) {
  return a * x.head(a.cols()) + Eigen::VectorXd::Constant(a.rows(), x[a.cols()]);
}

}  // namespace fedsec::traffic
