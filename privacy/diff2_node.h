#pragma once
// One DIFF2 node (Murata and Suzuki, ICML 2023): a shard of records and the clipped means it sends
// to the server. Every computation is over the whole shard in batched form.

#include <Eigen/Dense>
#include <array>
#include <optional>
#include <vector>

#include "privacy/diff2_mlp.h"
#include "privacy/diff2_per_record.h"

namespace fedsec::privacy {

// ClippedMean (DIFF2 Algorithm 2): (1/n) * sum_i g_i * min(1, radius / ||g_i||). The sum runs over
// all n records before the one division, so replacing one record moves the result by at most
// 2 * radius / n (the reference code averages chunk means, which breaks that bound; research note
// 1.2). radius = +infinity leaves the records unclipped.
Eigen::VectorXd clipped_mean(const PerRecordGradients& grads, double radius);

class Diff2Node {
 public:
  // inputs is n x shape.features, targets n x shape.outputs; n >= 1.
  Diff2Node(const MlpShape& shape, Eigen::MatrixXd inputs, Eigen::MatrixXd targets);

  int64_t size() const { return inputs_.rows(); }

  // ClippedMean of the per-record gradients at x (a restart round's message, before noise).
  Eigen::VectorXd clipped_gradient_mean(const Eigen::VectorXd& x, double radius);

  // ClippedMean of the per-record differences g_i(x) - g_i(x_prev) (a difference round's message).
  Eigen::VectorXd clipped_difference_mean(const Eigen::VectorXd& x, const Eigen::VectorXd& x_prev,
                                          double radius);

  // f_p(x) (mean loss over the shard) and grad f_p(x) (mean unclipped gradient).
  struct Objective {
    double loss = 0;
    Eigen::VectorXd gradient;
  };
  Objective objective(const Eigen::VectorXd& x);

 private:
  // The backprop at x; the last two points are remembered, so a round that evaluates x_{r-1} and
  // x_{r-2} recomputes only x_{r-1}.
  const MlpBackprop& backprop_at(const Eigen::VectorXd& x);

  struct Memo {
    Eigen::VectorXd point;
    MlpBackprop backprop;
  };
  MlpShape shape_;
  Eigen::MatrixXd inputs_;
  Eigen::MatrixXd targets_;
  std::array<std::optional<Memo>, 2> memo_;
  int recent_ = 0;  // slot used last
};

// f(x) = (1/P) sum_p f_p(x) and ||grad f(x)||, the objective DIFF2 minimizes.
struct ObjectiveValue {
  double loss = 0;
  double grad_norm = 0;
};
ObjectiveValue evaluate_objective(std::vector<Diff2Node>& nodes, const Eigen::VectorXd& x);

}  // namespace fedsec::privacy
