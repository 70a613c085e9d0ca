#include "traffic/one_class_svm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "fl/errors.h"

namespace fedsec::traffic {

OneClassSvm::OneClassSvm(RowMatrix a, const OneClassSvmOptions& options, std::vector<double> weights)
    : a_(std::move(a)), options_(options) {
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

  std::vector<Eigen::Index> active(m);
  std::iota(active.begin(), active.end(), 0);
  double shrink_margin = std::numeric_limits<double>::infinity();
  for (int sweep = 0; sweep < options_.max_sweeps; ++sweep) {
    double max_violation = 0.0;
    std::size_t kept = 0;
    for (const Eigen::Index j : active) {
      const double g = r - a_.row(j).dot(theta);  // dD/dalpha_j, D maximised
      double violation = g;
      if (alpha_[j] <= 0.0 && g <= 0.0) {
        if (g < -shrink_margin) continue;  // firmly at its bound: drop from this round
        violation = 0.0;
      } else if (alpha_[j] >= c_[j] && g >= 0.0) {
        if (g > shrink_margin) continue;
        violation = 0.0;
      }
      active[kept++] = j;
      max_violation = std::max(max_violation, std::abs(violation));
      if (violation == 0.0) continue;
      const double curvature = norms_[j] / (1.0 + sigma) + 1.0 / sigma;
      const double updated = std::clamp(alpha_[j] + g / curvature, 0.0, c_[j]);
      const double delta = updated - alpha_[j];
      if (delta == 0.0) continue;
      alpha_[j] = updated;
      w_ += delta * a_.row(j).transpose();
      alpha_sum_ += delta;
      ++updates_since_refresh_;
      theta += (delta / (1.0 + sigma)) * a_.row(j).transpose();
      r -= delta / sigma;
    }
    active.resize(kept);
    if (max_violation <= options_.tolerance) {
      if (static_cast<Eigen::Index>(kept) == m) break;  // converged on every coordinate
      active.resize(m);
      std::iota(active.begin(), active.end(), 0);
      shrink_margin = std::numeric_limits<double>::infinity();
    } else {
      shrink_margin = max_violation;
    }
  }
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

Eigen::VectorXd OneClassSvm::scores(const Eigen::VectorXd& x, const RowMatrix& a) const {
  const Eigen::Index d = x.size() - 1;
  return (x[d] - (a * x.head(d)).array()).matrix();
}

}  // namespace fedsec::traffic
