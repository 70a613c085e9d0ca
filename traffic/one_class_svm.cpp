#include "traffic/one_class_svm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "fl/errors.h"
#include "traffic/box_coordinate_ascent.h"

namespace fedsec::traffic {

OneClassSvm::OneClassSvm(RowMatrix a, const OneClassSvmOptions& options, std::vector<double> weights)
    : a_(std::move(a)), options_(options), order_rng_(fl::make_rng(0, "traffic/ocsvm-order")) {
  const Eigen::Index m = a_.rows();
  if (!(options.nu > 0.0 && options.nu <= 1.0)) throw UsageError("one-class SVM: nu must be in (0, 1]");
  if (m == 0) throw UsageError("one-class SVM: no training samples");
  if (!weights.empty() && static_cast<Eigen::Index>(weights.size()) != m)
    throw UsageError("one-class SVM: one weight per sample expected");
  c_.resize(m);
  for (Eigen::Index j = 0; j < m; ++j) c_[j] = (weights.empty() ? 1.0 : weights[j]) / (options.nu * m);
  norms_ = a_.rowwise().squaredNorm();
  alpha_ = Eigen::VectorXd::Zero(m);
  w_ = Eigen::VectorXd::Zero(a_.cols());
}

double OneClassSvm::value(const Eigen::VectorXd& x) const {
  const Eigen::Index d = a_.cols();
  const double r = x[d];
  const Eigen::VectorXd margins = (r - (a_ * x.head(d)).array()).max(0.0).matrix();
  return 0.5 * x.head(d).squaredNorm() - r + c_.dot(margins);
}

Eigen::VectorXd OneClassSvm::prox(const Eigen::VectorXd& v, double sigma) {
  const Eigen::Index d = a_.cols(), m = a_.rows();
  if (updates_since_refresh_ > 50 * m) {  // shed the rounding drift of incremental updates
    w_ = a_.transpose() * alpha_;
    alpha_sum_ = alpha_.sum();
    updates_since_refresh_ = 0;
  }
  Eigen::VectorXd theta = (sigma * v.head(d) + w_) / (1.0 + sigma);
  double r = v[d] + (1.0 - alpha_sum_) / sigma;

  const Eigen::VectorXd curvature = (norms_.array() / (1.0 + sigma) + 1.0 / sigma).matrix();
  box_coordinate_ascent(
      alpha_, c_, curvature, options_.tolerance, options_.max_sweeps, order_rng_,
      [&](Eigen::Index j) { return r - a_.row(j).dot(theta); },
      [&](Eigen::Index j, double delta) {
        w_ += delta * a_.row(j).transpose();
        alpha_sum_ += delta;
        ++updates_since_refresh_;
        theta += (delta / (1.0 + sigma)) * a_.row(j).transpose();
        r -= delta / sigma;
      });
  Eigen::VectorXd x(d + 1);
  x.head(d) = (sigma * v.head(d) + w_) / (1.0 + sigma);
  x[d] = v[d] + (1.0 - alpha_sum_) / sigma;
  return x;
}

Eigen::VectorXd OneClassSvm::minimize() {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(dim());
  for (int it = 0; it < options_.max_minimize_iterations; ++it) {
    const Eigen::VectorXd next = prox(x, options_.minimize_sigma);
    const double moved = (next - x).lpNorm<Eigen::Infinity>();
    x = next;
    if (moved <= options_.minimize_tolerance) break;
  }
  return x;
}

Eigen::VectorXd OneClassSvm::score_weights(const Eigen::VectorXd& x) const {
  Eigen::VectorXd w = -x;
  w[x.size() - 1] = x[x.size() - 1];
  return w;
}

}  // namespace fedsec::traffic
