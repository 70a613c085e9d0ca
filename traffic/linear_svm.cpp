#include "traffic/linear_svm.h"

#include <algorithm>
#include <cmath>

#include "fl/errors.h"
#include "traffic/box_coordinate_ascent.h"

namespace fedsec::traffic {

RowMatrix with_bias_column(const RowMatrix& a) {
  RowMatrix out(a.rows(), a.cols() + 1);
  out.leftCols(a.cols()) = a;
  out.col(a.cols()).setOnes();
  return out;
}

LinearSvm::LinearSvm(RowMatrix a, std::vector<int> labels, const LinearSvmOptions& options,
                     std::vector<double> weights)
    : a_(with_bias_column(a)), options_(options), order_rng_(fl::make_rng(0, "traffic/svm-order")) {
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
  const Eigen::VectorXd anchor = sigma * v;
  Eigen::VectorXd x = (anchor + a_.transpose() * alpha_.cwiseProduct(y_)) / (1.0 + sigma);
  const Eigen::VectorXd curvature = norms_ / (1.0 + sigma);
  box_coordinate_ascent(
      alpha_, c_, curvature, options_.tolerance, options_.max_sweeps, order_rng_,
      [&](Eigen::Index j) { return 1.0 - y_[j] * a_.row(j).dot(x); },
      [&](Eigen::Index j, double delta) { x += (delta * y_[j] / (1.0 + sigma)) * a_.row(j).transpose(); });
  return (anchor + a_.transpose() * alpha_.cwiseProduct(y_)) / (1.0 + sigma);
}

Eigen::VectorXd LinearSvm::prox(const Eigen::VectorXd& v, double sigma) { return solve(v, sigma); }

Eigen::VectorXd LinearSvm::minimize() { return solve(Eigen::VectorXd::Zero(dim()), 0.0); }

}  // namespace fedsec::traffic
