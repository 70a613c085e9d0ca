#pragma once
// A classifier whose parameters live in one flat float vector (params()) with a layout; the
// network's own tensors are views into it, so updating the vector updates the network.

#include "fl/tensor.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fl/batch_trace.h"
#include "fl/param_layout.h"

namespace fedsec::fl {

class Model {
 public:
  virtual ~Model() = default;

  // Logits (N x classes) for a batch of inputs (N x C x H x W). Builds an autograd graph unless
  // called under torch::NoGradGuard.
  virtual torch::Tensor forward(const torch::Tensor& x) = 0;

  // Mean cross-entropy loss of the batch; overwrites grad() with its gradient w.r.t. params().
  // The default uses autograd; dense models override it with a hand-written backward pass.
  virtual double loss_and_grad(const torch::Tensor& x, const torch::Tensor& y);

  // Per-sample gradient material for a batch (see fl/batch_trace.h): one forward pass and one
  // backward pass to the layer outputs, under the per-sample cross-entropy losses. Models whose
  // layers have no per-sample rule throw fedsec::UsageError naming the first such layer; the
  // default names the model as a whole.
  virtual BatchTrace trace_batch(const torch::Tensor& x, const torch::Tensor& y);

  // A replica with the same architecture and equal parameters (independent storage).
  virtual std::unique_ptr<Model> clone() const = 0;

  torch::Tensor& params() { return params_; }
  const torch::Tensor& params() const { return params_; }
  torch::Tensor& grad() { return grad_; }
  const ParamLayout& layout() const { return layout_; }
  // The network's parameter tensors in layout order: views into params() that require grad, so
  // torch::autograd::grad can differentiate forward() with respect to them (gradient inversion
  // needs the gradient as a function of the input, with create_graph).
  const std::vector<torch::Tensor>& parameter_tensors() const { return parameter_tensors_; }

 protected:
  // Copies the named tensors into a fresh flat vector and turns each into a view of it (and its
  // .grad() into a view of grad()). Call once, from the subclass constructor.
  void bind_parameters(const std::vector<std::pair<std::string, torch::Tensor>>& named);

 private:
  torch::Tensor params_;
  torch::Tensor grad_;
  ParamLayout layout_;
  std::vector<torch::Tensor> parameter_tensors_;
};

}  // namespace fedsec::fl
