#pragma once
// Any module saved from Python with torch.jit.save, loaded by path. Its forward must map a batch
// of inputs to logits; its parameters (in named_parameters order) become the flat vector.

#include <torch/script.h>

#include <string>

#include "fl/model.h"

namespace fedsec::fl {

class TorchScriptModel final : public Model {
 public:
  // Throws std::runtime_error naming the path if the file cannot be loaded or has no parameters.
  explicit TorchScriptModel(const std::string& path);

  torch::Tensor forward(const torch::Tensor& x) override;
  // Always throws fedsec::UsageError naming the module's first parameterised layer.
  BatchTrace trace_batch(const torch::Tensor& x, const torch::Tensor& y) override;
  std::unique_ptr<Model> clone() const override;

 private:
  void bind();

  std::string path_;
  torch::jit::Module module_;
};

}  // namespace fedsec::fl
