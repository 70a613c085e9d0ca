#pragma once
// The model of the DIFF2 experiments (Murata and Suzuki, "DIFF2: Differential Private Optimization
// via Gradient Differences for Nonconvex Distributed Learning", ICML 2023, Sec. 6): a fully
// connected network with one hidden layer of softplus units and squared loss
// l(x, z) = 1/2 * ||MLP_x(a) - y||^2 for a record z = (a, y). Plain Eigen, no LibTorch.
//
// Parameters are one flat vector x laid out as [W1 (hidden x features, row-major), b1 (hidden),
// W2 (outputs x hidden, row-major), b2 (outputs)].

#include <Eigen/Dense>
#include <cstdint>

namespace fedsec::privacy {

struct MlpShape {
  int features = 0;
  int hidden = 10;
  int outputs = 1;
  // Length of the flat parameter vector.
  int64_t num_params() const;
};

// Initial parameters as in torch.nn.Linear: every weight and bias of a layer with fan-in m drawn
// uniformly from [-1/sqrt(m), 1/sqrt(m)], from a stream fixed by seed.
Eigen::VectorXd init_mlp_params(const MlpShape& shape, uint64_t seed);

// One pass over a batch of n records, keeping what the per-record gradients are made of. The
// gradient of record i is, for each layer, an outer product: dW1_i = hidden_back.row(i)^T *
// inputs.row(i), db1_i = hidden_back.row(i), dW2_i = out_back.row(i)^T * hidden_act.row(i),
// db2_i = out_back.row(i).
struct MlpBackprop {
  Eigen::MatrixXd hidden_act;   // n x hidden: softplus(W1 a + b1)
  Eigen::MatrixXd hidden_back;  // n x hidden: dl/d(W1 a + b1)
  Eigen::MatrixXd out_back;     // n x outputs: MLP_x(a) - y = dl/d(output)
  Eigen::VectorXd loss;         // n: per-record loss
};

// Forward and backward pass in batched form (matrix products over the batch, no per-record loop).
// inputs is n x features, targets n x outputs.
MlpBackprop mlp_backprop(const MlpShape& shape, const Eigen::VectorXd& params, const Eigen::MatrixXd& inputs,
                         const Eigen::MatrixXd& targets);

}  // namespace fedsec::privacy
