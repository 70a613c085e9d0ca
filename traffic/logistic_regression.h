#pragma once
// L2-regularised logistic regression, supervised (incident +1, normal -1), bias folded into the
// weights and regularised with them:
//
//   f(x) = 1/2 ||x||^2 + sum_j c_j log(1 + exp(-y_j x^T [a_j; 1])),  c_j = C w_j.
//
// Smooth and strongly convex, so Newton's method with backtracking converges fast for both
// minimize() and prox() (the proximal term only adds sigma to the Hessian's diagonal).

#include <vector>

#include "traffic/node_objective.h"

namespace fedsec::traffic {

struct LogisticRegressionOptions {
  double c = 1.0;
  double tolerance = 1e-12;  // stop when the Newton decrement^2 / 2 <= tolerance * (1 + |objective|)
  int max_newton_steps = 100;
};

class LogisticRegression : public NodeObjective {
 public:
  // As LinearSvm: labels +-1, optional weights; throws UsageError on bad input.
  LogisticRegression(RowMatrix a, std::vector<int> labels, const LogisticRegressionOptions& options,
                     std::vector<double> weights = {});

  int dim() const override { return static_cast<int>(a_.cols()); }
  double value(const Eigen::VectorXd& x) const override;
  Eigen::VectorXd prox(const Eigen::VectorXd& v, double sigma) override;
  Eigen::VectorXd minimize() override;
  // x itself: the score is x^T [a; 1].
  Eigen::VectorXd score_weights(const Eigen::VectorXd& x) const override { return x; }

 private:
  // argmin f(y) + (sigma/2)||y - v||^2 for sigma >= 0, Newton from the last solution.
  Eigen::VectorXd solve(const Eigen::VectorXd& v, double sigma);

  RowMatrix a_;
  Eigen::VectorXd y_, c_, last_;
  LogisticRegressionOptions options_;
};

}  // namespace fedsec::traffic
