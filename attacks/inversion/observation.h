#pragma once
// The gradient an honest-but-curious server observes from the victim client, produced by the
// simulator's own client code: a FedSGD gradient (fl::full_batch_gradient) or a FedAvg update of
// a few local SGD steps (fl::train_local_sgd), optionally defended: a gradient transformation
// (clipping, pruning, Soteria, noise; attacks/inversion/gradient_defense.h), DP-SGD local training
// (privacy::train_dp_sgd), or secure aggregation, where the server only sees the sum of several
// clients' gradients (secure::run_secure_aggregation).

#include "fl/tensor.h"

#include <string>

#include "attacks/inversion/gradient_defense.h"
#include "fl/dataset.h"
#include "fl/model.h"

namespace fedsec::attacks {

enum class GradientSource { FedSgd, FedAvg };
GradientSource parse_gradient_source(const std::string& name);  // throws fedsec::UsageError

enum class ObservationDefense { None, Clip, Prune, Soteria, Noise, DpSgd, SecureAggregation };
ObservationDefense parse_observation_defense(const std::string& name);  // throws fedsec::UsageError

struct ObservationOptions {
  GradientSource source = GradientSource::FedSgd;
  int64_t local_steps = 4;  // FedAvg and DP-SGD: local steps on the batch
  double local_lr = 0.01;
  ObservationDefense defense = ObservationDefense::None;
  GradientDefense transform;         // parameters of clip, prune, soteria and noise
  double dp_clip_norm = 1.0;         // DP-SGD per-sample clipping bound
  double dp_noise_multiplier = 1.0;  // DP-SGD noise std / clip
  int64_t secagg_clients = 10;       // secure aggregation: clients in the sum, the victim among them
  uint64_t seed = 0;
};

struct Observation {
  // What the server sees: the mean loss gradient (FedSGD), or the update divided by the local
  // learning rate (FedAvg, DP-SGD: the sum of the local steps' gradients), after the defense.
  torch::Tensor gradient;
  GradientMirror mirror;  // what an adaptive attacker mirrors (identity unless clip/prune/soteria)
};

// `inputs` (normalized) and `labels` are the victim's batch. `others` supplies the other clients'
// batches under secure aggregation (disjoint batches of the same size, drawn from the seed).
// Throws fedsec::UsageError for a combination that cannot run.
Observation observe_gradient(fl::Model& victim, const torch::Tensor& inputs, const torch::Tensor& labels,
                             const fl::Dataset& others, const ObservationOptions& options);

}  // namespace fedsec::attacks
