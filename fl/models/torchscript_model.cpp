#include "fl/models/torchscript_model.h"

#include "fl/errors.h"

namespace fedsec::fl {

TorchScriptModel::TorchScriptModel(const std::string& path) : path_(path) {
  try {
    module_ = torch::jit::load(path);
  } catch (const c10::Error& e) {
    throw std::runtime_error(path + ": cannot load TorchScript module: " + e.what_without_backtrace());
  }
  bind();
  if (layout().size() == 0) throw std::runtime_error(path + ": TorchScript module has no parameters");
}

void TorchScriptModel::bind() {
  module_.train();
  std::vector<std::pair<std::string, torch::Tensor>> named;
  for (const auto& p : module_.named_parameters(/*recurse=*/true)) named.emplace_back(p.name, p.value);
  bind_parameters(named);
}

torch::Tensor TorchScriptModel::forward(const torch::Tensor& x) { return module_.forward({x}).toTensor(); }

BatchTrace TorchScriptModel::trace_batch(const torch::Tensor&, const torch::Tensor&) {
  // The first submodule that owns parameters is where per-sample rules would have to start.
  for (const auto& child : module_.named_modules()) {
    if (child.value.named_parameters(/*recurse=*/false).size() == 0) continue;
    const auto type = child.value.type()->name();
    throw UsageError(
        "per-sample gradients: layer '" + (child.name.empty() ? std::string("<root>") : child.name) + "' (" +
        (type ? type->qualifiedName() : std::string("unknown type")) + ") of TorchScript model " + path_ +
        " is not supported; per-sample rules exist for the built-in models' Linear and Conv2d layers");
  }
  throw UsageError("per-sample gradients: TorchScript model " + path_ + " is not supported");
}

std::unique_ptr<Model> TorchScriptModel::clone() const {
  // Module::deepcopy() mangles parameters that are views into another storage, so a replica is
  // loaded afresh from the file and given this model's values.
  auto copy = std::make_unique<TorchScriptModel>(path_);
  copy->params().copy_(params());
  return copy;
}

}  // namespace fedsec::fl
