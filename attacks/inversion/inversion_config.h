#pragma once
// The configuration of `fedsec attack invert` and `fedsec attack train-generator`: the keys
// (inversion_schema(), documented in docs/inversion-config.md by `fedsec attack config-doc`) and the typed
// settings read from a validated fl::Config. Attack settings live under `inversion.*`; `seed`, `data.*` and
// `model.*` mean what they mean for `fedsec run`, and `generator.*` describes the DCGAN prior.

#include <string>
#include <vector>

#include "attacks/inversion/generative_attacks.h"
#include "attacks/inversion/generator_training.h"
#include "attacks/inversion/observation.h"
#include "attacks/inversion/pixel_attacks.h"
#include "fl/config.h"

namespace fedsec::attacks {

const fl::ConfigSchema& inversion_schema();

// Which test images are attacked: `batches` batches of `batch_size` images with distinct labels,
// walking forward through the test set from `first_index`, keeping only `classes` (empty: all).
struct TargetSelection {
  int64_t batches = 1;
  int64_t batch_size = 1;
  int64_t first_index = 0;
  std::vector<int64_t> classes;
};

struct InversionConfig {
  uint64_t seed = 0;
  TargetSelection targets;
  ObservationOptions observation;
  bool adaptive = true;  // mirror clip / prune / Soteria on the dummy gradient
  std::vector<std::string> methods;
  ImagePriors priors;
  LbfgsSearch dlg;
  InvertingGradientsOptions ig;
  GifdOptions gifd;
  GglOptions ggl;
  GradientDistance ig_distance = GradientDistance::Cosine;
  GradientDistance generative_distance = GradientDistance::Cosine;
  std::string generator_path;  // the checkpoint; empty when no method needs a generator
};

// Reads the typed settings; throws fedsec::UsageError for unknown method names and settings that
// cannot work together (e.g. a generative method without generator.path).
InversionConfig read_inversion_config(const fl::Config& config);

// The generator.* training settings (with `seed`) of `fedsec attack train-generator`.
GeneratorTrainingOptions read_generator_training(const fl::Config& config);

// The method names `inversion.methods` accepts, in the order results are reported.
const std::vector<std::string>& inversion_methods();

}  // namespace fedsec::attacks
