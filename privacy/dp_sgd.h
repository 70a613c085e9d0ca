#pragma once
// DP-SGD (Abadi et al., CCS 2016) for one client's local training: at each step a batch is drawn
// (Poisson: every sample joins independently with rate batch_size / n, the setting the sampled-
// Gaussian accountants analyse; or fixed-size batches from a shuffle, which they do not cover),
// each sample's gradient is clipped to L2 norm clip_norm, the clipped gradients are summed,
// N(0, (noise_multiplier * clip_norm)^2) is added to the sum, and the result is divided by the
// expected batch size B (a data-independent denominator, as Opacus does). It is computed as the
// same quantity in one pass fewer: the clipped gradients weighted by 1/B, plus
// N(0, (noise_multiplier * clip_norm / B)^2). Weight decay and momentum then act on this private
// gradient (post-processing).

#include <vector>

#include "fl/dataset.h"
#include "fl/local_trainer.h"
#include "fl/model.h"
#include "fl/rng.h"
#include "privacy/gaussian_noise.h"

namespace fedsec::privacy {

enum class BatchSampling { Poisson, Shuffle };

// "poisson" or "shuffle"; throws fedsec::UsageError otherwise.
BatchSampling parse_batch_sampling(const std::string& name);

struct DpSgdOptions {
  double clip_norm = 1.0;
  double noise_multiplier = 1.0;  // noise std / clip_norm; 0 gives clipped SGD without noise
  BatchSampling sampling = BatchSampling::Poisson;
  NoiseSource noise = NoiseSource::Seeded;
};

// Number of DP-SGD steps local training takes on a shard of n samples: options.steps when set,
// otherwise epochs * ceil(n / batch_size).
int64_t dp_sgd_steps(int64_t n, const fl::LocalSgdOptions& options);

// Runs DP-SGD on model.params() over `samples`. Batch draws and seeded noise come from rng.
// Throws fedsec::UsageError (naming the layer) if the model has no per-sample gradient rule.
fl::LocalResult train_dp_sgd(fl::Model& model, const fl::Dataset& data, const torch::Tensor& labels,
                             const std::vector<int64_t>& samples, const fl::LocalSgdOptions& options,
                             const DpSgdOptions& dp, fl::Rng& rng);

}  // namespace fedsec::privacy
