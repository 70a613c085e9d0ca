#pragma once
// Defenses a client applies to its gradient before sharing it, and their mirror: the same
// transformation an adaptive attacker applies to its dummy gradient inside the matching loss
// (as the GIFD/GGL reference code does). DP-SGD and secure aggregation act on how the shared
// gradient is produced and live in the observation (attacks/inversion/observation.h).

#include "fl/tensor.h"

#include <string>

#include "fl/model.h"
#include "fl/param_layout.h"

namespace fedsec::attacks {

enum class DefenseKind {
  None,
  Clip,     // scale the whole gradient to L2 norm <= clip_norm
  Prune,    // per tensor, zero the fraction `prune_fraction` of entries of smallest magnitude
  Soteria,  // mask output-layer weight-gradient columns of the least sensitive features (Sun et al. CVPR
            // 2021)
  Noise,    // add N(0, noise_std^2) to every entry
};

struct GradientDefense {
  DefenseKind kind = DefenseKind::None;
  double clip_norm = 4.0;
  double prune_fraction = 0.2;
  double soteria_fraction = 0.1;
  double noise_std = 0.01;
  uint64_t noise_seed = 0;
};

// What the attacker mirrors on its dummy gradient. Differentiable; identity for None and Noise.
class GradientMirror {
 public:
  GradientMirror() = default;
  static GradientMirror clip(double clip_norm);
  static GradientMirror prune(double fraction, fl::ParamLayout layout);
  static GradientMirror mask(torch::Tensor keep);  // multiply by a fixed 0/1 vector

  torch::Tensor apply(const torch::Tensor& flat_gradient) const;

 private:
  DefenseKind kind_ = DefenseKind::None;
  double value_ = 0.0;
  fl::ParamLayout layout_;
  torch::Tensor keep_;
};

struct DefendedGradient {
  torch::Tensor gradient;  // what the server sees
  GradientMirror mirror;   // what the attacker mirrors
};

// Applies `defense` to a client's flat gradient. Soteria scores the features entering the
// victim's output layer on the client's own batch (`inputs`, normalized, and `labels`).
DefendedGradient defend_gradient(const GradientDefense& defense, const torch::Tensor& gradient,
                                 fl::Model& victim, const torch::Tensor& inputs, const torch::Tensor& labels);

// Zeroes, per layout entry, the floor(fraction * numel) entries of smallest magnitude.
torch::Tensor prune_per_tensor(const torch::Tensor& flat_gradient, const fl::ParamLayout& layout,
                               double fraction);

// Soteria's per-feature sensitivity for the input r of the victim's output layer: for each
// feature f, sum over the batch of ||dr_f/dx|| / |r_f| (0 where both vanish). r is recovered
// per sample from that sample's own output-layer gradient (dW = delta r^T, db = delta).
torch::Tensor soteria_scores(fl::Model& victim, const torch::Tensor& inputs, const torch::Tensor& labels);

}  // namespace fedsec::attacks
