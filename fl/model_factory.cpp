#include "fl/model_factory.h"

#include "fl/errors.h"
#include "fl/models/convnet.h"
#include "fl/models/dense_net.h"
#include "fl/models/torchscript_model.h"
#include "fl/rng.h"

namespace fedsec::fl {

std::unique_ptr<Model> make_model(const Config& config) {
  const std::string& name = config.get_string("model.name");
  const uint64_t init_seed = derive_seed(static_cast<uint64_t>(config.get_int("seed")), "model-init");
  const Activation activation = parse_activation(config.get_string("model.activation"));
  if (name == "logreg" || name == "mlp") {
    DenseNetOptions options;
    if (name == "mlp") options.hidden = config.get_int_list("model.hidden");
    options.activation = activation;
    options.init_seed = init_seed;
    return std::make_unique<DenseNet>(options);
  }
  if (name == "convnet") {
    ConvNetOptions options;
    options.activation = activation;
    options.init_seed = init_seed;
    return std::make_unique<ConvNet>(options);
  }
  const std::string& path = config.get_string("model.path");
  if (path.empty()) throw UsageError("model.name is torchscript but model.path is empty: give the .pt file");
  return std::make_unique<TorchScriptModel>(path);
}

}  // namespace fedsec::fl
