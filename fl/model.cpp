#include "fl/model.h"

#include "fl/errors.h"

namespace fedsec::fl {

void Model::bind_parameters(const std::vector<std::pair<std::string, torch::Tensor>>& named) {
  for (const auto& [name, tensor] : named) layout_.append(name, tensor.sizes().vec());
  params_ = torch::empty({layout_.size()}, torch::kFloat32);
  grad_ = torch::zeros({layout_.size()}, torch::kFloat32);
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < named.size(); ++i) {
    const auto& entry = layout_.entries()[i];
    torch::Tensor tensor = named[i].second;
    auto value = params_.narrow(0, entry.offset, entry.numel).view(entry.shape);
    value.copy_(tensor);
    tensor.set_data(value);
    tensor.mutable_grad() = grad_.narrow(0, entry.offset, entry.numel).view(entry.shape);
    parameter_tensors_.push_back(tensor);
  }
}

double Model::loss_and_grad(const torch::Tensor& x, const torch::Tensor& y) {
  grad_.zero_();
  auto loss = at::cross_entropy_loss(forward(x), y);
  loss.backward();
  return loss.item<double>();
}

BatchTrace Model::trace_batch(const torch::Tensor&, const torch::Tensor&) {
  throw UsageError(
      "per-sample gradients are not available for this model (supported layers: Linear, Conv2d)");
}

}  // namespace fedsec::fl
