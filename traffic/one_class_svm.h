#pragma once
// One-class SVM in the primal form that network lasso couples (Scholkopf et al., "Estimating the
// support of a high-dimensional distribution", Neural Computation 13(7), 2001; the model of Zhu
// et al. 2024, trained on normal traffic only). Parameters x = (theta, r):
//
//   f(theta, r) = 1/2 ||theta||^2 - r + sum_j c_j max(0, r - theta^T a_j),  c_j = w_j / (nu m),
//
// with m samples a_j and sample weights w_j (1 by default). nu in (0, 1] bounds the share of
// training points left outside. Score of a point: r - theta^T a, positive outside the support.

#include <vector>

#include "fl/rng.h"
#include "traffic/node_objective.h"

namespace fedsec::traffic {

struct OneClassSvmOptions {
  double nu = 0.05;
  double tolerance = 1e-9;           // on the dual projected gradient, i.e. on margins r - theta^T a_j
  int max_sweeps = 5000;             // dual coordinate sweeps per prox call
  double minimize_sigma = 0.5;       // proximal-point step 1/sigma used by minimize()
  double minimize_tolerance = 1e-7;  // minimize() stops when an iterate moves less (max norm);
                                     // keep it well above `tolerance`, which limits each step
  int max_minimize_iterations = 2000;
};

class OneClassSvm : public NodeObjective {
 public:
  // Throws UsageError for nu outside (0, 1], no samples, or weights of the wrong length.
  OneClassSvm(RowMatrix a, const OneClassSvmOptions& options, std::vector<double> weights = {});

  int dim() const override { return static_cast<int>(a_.cols()) + 1; }
  double value(const Eigen::VectorXd& x) const override;

  // Dual coordinate ascent on the box-constrained dual of the prox problem (research note 2.7):
  // theta = (sigma v_theta + sum alpha_j a_j) / (1 + sigma), r = v_r + (1 - sum alpha_j) / sigma,
  // 0 <= alpha_j <= c_j, exact clipped Newton step per coordinate, with shrinking. Warm-started.
  Eigen::VectorXd prox(const Eigen::VectorXd& v, double sigma) override;

  // The proximal-point method (Rockafellar 1976): x <- prox(x, minimize_sigma) until it stops moving.
  Eigen::VectorXd minimize() override;

  // (-theta, r): the score r - theta^T a.
  Eigen::VectorXd score_weights(const Eigen::VectorXd& x) const override;

 private:
  RowMatrix a_;
  OneClassSvmOptions options_;
  Eigen::VectorXd c_;      // box bounds
  Eigen::VectorXd norms_;  // ||a_j||^2
  Eigen::VectorXd alpha_;  // dual variables, kept between calls
  Eigen::VectorXd w_;      // sum_j alpha_j a_j, updated with alpha
  double alpha_sum_ = 0.0;
  long updates_since_refresh_ = 0;
  fl::Rng order_rng_;  // coordinate order of the dual sweeps (fixed seed: reproducible)
};

}  // namespace fedsec::traffic
