#pragma once
// Builds the model a config selects (model.* keys), initialized from the experiment seed.

#include <memory>

#include "fl/config.h"
#include "fl/model.h"

namespace fedsec::fl {

// Throws UsageError for an unusable combination (torchscript without model.path), and
// std::runtime_error if a TorchScript file cannot be loaded.
std::unique_ptr<Model> make_model(const Config& config);

}  // namespace fedsec::fl
