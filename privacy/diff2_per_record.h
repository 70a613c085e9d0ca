#pragma once
// Per-record gradients of the DIFF2 MLP (privacy/diff2_mlp.h), and per-record gradient
// differences at the same record between two models, kept in factored form: each layer's
// per-record gradient is a signed sum of outer products back_i^T * [act_i, 1]. Norms and weighted
// sums over the records then cost a few matrix products over the batch, and the n x d matrix of
// per-record gradients is never formed (the "ghost norm" identity ||u v^T|| = ||u|| ||v||).

#include <Eigen/Dense>
#include <vector>

#include "privacy/diff2_mlp.h"

namespace fedsec::privacy {

class PerRecordGradients {
 public:
  // g_i(x) for every record, from mlp_backprop at x. `inputs` is the batch the backprop ran on; it
  // is referenced, not copied, and must outlive the result.
  static PerRecordGradients at(const Eigen::MatrixXd& inputs, const MlpBackprop& at_x);

  // g_i(x) - g_i(x') for every record i (DIFF2's per-record difference, taken before clipping),
  // from backprops of the same batch at x and at x'.
  static PerRecordGradients difference(const Eigen::MatrixXd& inputs, const MlpBackprop& at_x,
                                       const MlpBackprop& at_x_prime);

  int64_t num_records() const { return first_back_.rows(); }

  // ||g_i||^2 for every record.
  Eigen::VectorXd squared_norms() const;

  // sum_i weights[i] * g_i as a flat parameter vector (layout of privacy/diff2_mlp.h).
  Eigen::VectorXd weighted_sum(const Eigen::VectorXd& weights) const;

  // The n x d matrix whose row i is g_i; for checks on small batches.
  Eigen::MatrixXd materialize() const;

 private:
  struct OuterTerm {
    Eigen::MatrixXd back;  // n x outputs
    Eigen::MatrixXd act;   // n x hidden (the bias input 1 is implicit)
    double sign;
  };
  const Eigen::MatrixXd* inputs_ = nullptr;
  Eigen::MatrixXd first_back_;     // n x hidden: layer-1 back-propagated signal
  std::vector<OuterTerm> second_;  // layer-2 terms: one for a gradient, two for a difference
};

}  // namespace fedsec::privacy
