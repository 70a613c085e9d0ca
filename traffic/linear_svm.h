#pragma once
// Linear support vector machine, supervised (incident +1, normal -1), bias folded into the weights
// as a constant feature and regularised with them (the LIBLINEAR convention):
//
//   f(x) = 1/2 ||x||^2 + sum_j c_j max(0, 1 - y_j x^T [a_j; 1]),  c_j = C w_j.
//
// Solved by dual coordinate descent (Hsieh et al., ICML 2008), which with a proximal term stays a
// box-constrained dual, so the same solver serves minimize() (sigma = 0) and prox().

#include <vector>

#include "fl/rng.h"
#include "traffic/node_objective.h"

namespace fedsec::traffic {

struct LinearSvmOptions {
  double c = 1.0;
  double tolerance = 1e-3;  // on the dual projected gradient (LIBLINEAR's default is 0.1)
  int max_sweeps = 5000;
};

class LinearSvm : public NodeObjective {
 public:
  // labels: +1 (incident) or -1 (normal) per row of a; weights: per sample (default 1). Throws
  // UsageError for mismatched lengths, labels other than +-1, or C <= 0.
  LinearSvm(RowMatrix a, std::vector<int> labels, const LinearSvmOptions& options,
            std::vector<double> weights = {});

  int dim() const override { return static_cast<int>(a_.cols()); }  // features + bias
  double value(const Eigen::VectorXd& x) const override;
  Eigen::VectorXd prox(const Eigen::VectorXd& v, double sigma) override;
  Eigen::VectorXd minimize() override;
  // x itself: the score is x^T [a; 1].
  Eigen::VectorXd score_weights(const Eigen::VectorXd& x) const override { return x; }

 private:
  // argmin f(y) + (sigma/2)||y - v||^2 for sigma >= 0.
  Eigen::VectorXd solve(const Eigen::VectorXd& v, double sigma);

  RowMatrix a_;  // with the constant column appended
  Eigen::VectorXd y_, c_, norms_, alpha_;
  LinearSvmOptions options_;
  fl::Rng order_rng_;  // coordinate order of the dual sweeps (fixed seed: reproducible)
};

// [a, 1]: the rows of a with a constant 1 appended (the bias feature).
RowMatrix with_bias_column(const RowMatrix& a);

}  // namespace fedsec::traffic
