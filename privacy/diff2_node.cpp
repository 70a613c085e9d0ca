#include "privacy/diff2_node.h"

#include <cmath>
#include <stdexcept>

namespace fedsec::privacy {

Eigen::VectorXd clipped_mean(const PerRecordGradients& grads, double radius) {
  const Eigen::VectorXd norms = grads.squared_norms().cwiseSqrt();
  Eigen::VectorXd weights(norms.size());
  for (Eigen::Index i = 0; i < norms.size(); ++i) weights[i] = norms[i] > radius ? radius / norms[i] : 1.0;
  return grads.weighted_sum(weights) / static_cast<double>(norms.size());
}

Diff2Node::Diff2Node(const MlpShape& shape, Eigen::MatrixXd inputs, Eigen::MatrixXd targets)
    : shape_(shape), inputs_(std::move(inputs)), targets_(std::move(targets)) {
  if (inputs_.rows() < 1 || inputs_.rows() != targets_.rows() || inputs_.cols() != shape.features ||
      targets_.cols() != shape.outputs)
    throw std::invalid_argument("Diff2Node: shard shape does not match the model");
}

const MlpBackprop& Diff2Node::backprop_at(const Eigen::VectorXd& x) {
  for (int slot = 0; slot < 2; ++slot) {
    if (memo_[slot] && memo_[slot]->point == x) {
      recent_ = slot;
      return memo_[slot]->backprop;
    }
  }
  recent_ = 1 - recent_;
  memo_[recent_] = Memo{x, mlp_backprop(shape_, x, inputs_, targets_)};
  return memo_[recent_]->backprop;
}

Eigen::VectorXd Diff2Node::clipped_gradient_mean(const Eigen::VectorXd& x, double radius) {
  return clipped_mean(PerRecordGradients::at(inputs_, backprop_at(x)), radius);
}

Eigen::VectorXd Diff2Node::clipped_difference_mean(const Eigen::VectorXd& x, const Eigen::VectorXd& x_prev,
                                                   double radius) {
  const MlpBackprop& before = backprop_at(x_prev);
  const MlpBackprop& now = backprop_at(x);  // fills the other slot: `before` stays valid
  return clipped_mean(PerRecordGradients::difference(inputs_, now, before), radius);
}

Diff2Node::Objective Diff2Node::objective(const Eigen::VectorXd& x) {
  const MlpBackprop& b = backprop_at(x);
  const double n = static_cast<double>(size());
  Objective o;
  o.loss = b.loss.sum() / n;
  o.gradient = PerRecordGradients::at(inputs_, b).weighted_sum(Eigen::VectorXd::Constant(size(), 1.0 / n));
  return o;
}

ObjectiveValue evaluate_objective(std::vector<Diff2Node>& nodes, const Eigen::VectorXd& x) {
  ObjectiveValue value;
  Eigen::VectorXd gradient = Eigen::VectorXd::Zero(x.size());
  for (auto& node : nodes) {
    const auto o = node.objective(x);
    value.loss += o.loss;
    gradient += o.gradient;
  }
  const double p = static_cast<double>(nodes.size());
  value.loss /= p;
  value.grad_norm = gradient.norm() / p;
  return value;
}

}  // namespace fedsec::privacy
