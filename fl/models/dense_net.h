#pragma once
// Fully connected classifiers: logistic regression (no hidden layer) and the MLP. Training uses a
// hand-written forward and backward pass on plain buffers with fedsec's own matrix kernels
// (fl/models/dense_kernels.h) instead of autograd and BLAS, which removes the per-operation
// overhead that dominates these small models; a test checks it against autograd.

#include <string>
#include <vector>

#include "fl/model.h"

namespace fedsec::fl {

enum class Activation { ReLU, Sigmoid, Tanh };

// Parses "relu", "sigmoid", "tanh"; throws std::invalid_argument otherwise.
Activation parse_activation(const std::string& name);

struct DenseNetOptions {
  int64_t inputs = 784;
  std::vector<int64_t> hidden;  // empty: logistic regression
  int64_t classes = 10;
  Activation activation = Activation::ReLU;
  uint64_t init_seed = 0;
};

class DenseNet final : public Model {
 public:
  // Weights and biases drawn as PyTorch's nn.Linear does: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
  explicit DenseNet(DenseNetOptions options);

  // With autograd off (torch::NoGradGuard, as in evaluation) the logits come from the same kernels
  // as loss_and_grad, through the model's scratch buffers; with it on, from LibTorch operations
  // that build the graph. Like training, it must not run on one instance from two threads at once.
  torch::Tensor forward(const torch::Tensor& x) override;
  double loss_and_grad(const torch::Tensor& x, const torch::Tensor& y) override;
  BatchTrace trace_batch(const torch::Tensor& x, const torch::Tensor& y) override;
  std::unique_ptr<Model> clone() const override;

 private:
  // x as a contiguous (N, inputs) float tensor; throws std::invalid_argument for another shape.
  torch::Tensor flat_inputs(const torch::Tensor& x) const;
  // The forward pass of n input rows into outputs_ (activations applied but for the last layer).
  void forward_buffers(const float* inputs, int64_t n);
  // labels' data after checking there are n of them, int64, each in [0, classes); throws
  // std::invalid_argument otherwise.
  const int64_t* checked_labels(const torch::Tensor& labels, int64_t n) const;
  // From the logits in outputs_: each sample's cross-entropy loss into losses[i], and
  // (softmax - onehot) / divisor, the gradient with respect to the logits, into delta_.
  void softmax_cross_entropy(const int64_t* label, int64_t n, float divisor, float* losses);
  // Replaces delta_ (gradient at layer l's output) by the gradient at layer l - 1's output.
  void backprop_below(size_t l, int64_t n);

  DenseNetOptions options_;
  std::vector<torch::Tensor> weights_, biases_;           // views into params()
  std::vector<torch::Tensor> weight_grads_, bias_grads_;  // views into grad()
  // Scratch of the last batch: each layer's input rows (layer 0's point into the caller's tensor,
  // valid during the call only) and outputs, and the output gradients.
  std::vector<std::vector<const float*>> input_rows_;
  std::vector<std::vector<float>> outputs_;
  std::vector<const float*> weight_rows_;
  std::vector<float> delta_, below_, losses_;
};

}  // namespace fedsec::fl
