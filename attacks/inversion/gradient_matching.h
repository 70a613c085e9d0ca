#pragma once
// The gradient-matching objective shared by every optimisation attack: the distance between the
// victim's gradient at a candidate batch and the gradient the server observed, plus image priors.

#include "fl/tensor.h"

#include <string>

#include "attacks/inversion/gradient_defense.h"
#include "fl/model.h"

namespace fedsec::attacks {

// cosine:     1 - <g, g*> / (|g| |g*|) over the concatenation of all parameter gradients (one
//             global cosine, as Geiping et al. 2020 and GIFD use);
// squared_l2: |g - g*|^2 summed over all entries (DLG, Zhu et al. 2019).
enum class GradientDistance { Cosine, SquaredL2 };
GradientDistance parse_gradient_distance(const std::string& name);  // throws fedsec::UsageError

// Image priors on the victim's (normalized) input: anisotropic total variation with means
// (mean |horizontal difference| + mean |vertical difference|, as in the GIFD code) and the L2
// norm divided by the number of pixels per image.
struct ImagePriors {
  double total_variation = 1e-4;
  double norm = 1e-6;
};
torch::Tensor total_variation(const torch::Tensor& images);
torch::Tensor prior_penalty(const torch::Tensor& images, const ImagePriors& priors);

class GradientMatcher {
 public:
  // `victim` must stay alive and unchanged while the matcher is used; it is put in eval mode by
  // construction of the fl models (none has train-only layers).
  GradientMatcher(fl::Model& victim, torch::Tensor observed, GradientDistance distance,
                  GradientMirror mirror);

  // The victim's mean cross-entropy gradient at (inputs, targets) as one flat vector, after the
  // mirrored defense. Differentiable w.r.t. inputs and soft targets. targets: N labels (int64) or
  // N x classes probabilities.
  torch::Tensor dummy_gradient(const torch::Tensor& inputs, const torch::Tensor& targets) const;
  // The distance to the observed gradient (scalar tensor, differentiable).
  torch::Tensor distance(const torch::Tensor& inputs, const torch::Tensor& targets) const;
  // The same value without a graph to the inputs (for scoring and gradient-free search).
  double score(const torch::Tensor& inputs, const torch::Tensor& targets) const;

  fl::Model& victim() const { return victim_; }
  const torch::Tensor& observed() const { return observed_; }

 private:
  torch::Tensor gradient(const torch::Tensor& inputs, const torch::Tensor& targets, bool create_graph) const;
  torch::Tensor compare(const torch::Tensor& dummy) const;

  fl::Model& victim_;
  torch::Tensor observed_;
  double observed_norm_;
  GradientDistance distance_;
  GradientMirror mirror_;
};

}  // namespace fedsec::attacks
