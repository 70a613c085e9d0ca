#include "attacks/inversion/observation.h"

#include <numeric>

#include "fl/errors.h"
#include "fl/local_trainer.h"
#include "fl/rng.h"
#include "privacy/dp_sgd.h"
#include "privacy/secure/secagg_round.h"

namespace fedsec::attacks {
namespace {

fl::Dataset batch_dataset(const torch::Tensor& inputs, const torch::Tensor& labels) {
  fl::Dataset data;
  data.images = inputs;
  data.labels = labels;
  return data;
}

std::vector<int64_t> all_samples(int64_t n) {
  std::vector<int64_t> samples(static_cast<size_t>(n));
  std::iota(samples.begin(), samples.end(), 0);
  return samples;
}

// One client's shared vector before any transformation: the FedSGD gradient, or the local
// update (plain or DP-SGD) divided by the learning rate.
torch::Tensor client_gradient(fl::Model& victim, const torch::Tensor& inputs, const torch::Tensor& labels,
                              const ObservationOptions& options, bool dp_sgd, int64_t client) {
  const auto data = batch_dataset(inputs, labels);
  const auto samples = all_samples(inputs.size(0));
  if (options.source == GradientSource::FedSgd && !dp_sgd) {
    auto out = torch::zeros_like(victim.params());
    fl::full_batch_gradient(victim, data, labels, samples, inputs.size(0), out);
    return out;
  }
  auto local = victim.clone();
  fl::LocalSgdOptions sgd;
  sgd.steps = options.source == GradientSource::FedAvg ? options.local_steps : 1;
  sgd.batch_size = inputs.size(0);
  sgd.lr = options.local_lr;
  auto rng = fl::make_rng(options.seed, "inversion-client", 0, client);
  if (dp_sgd) {
    privacy::DpSgdOptions dp;
    dp.clip_norm = options.dp_clip_norm;
    dp.noise_multiplier = options.dp_noise_multiplier;
    dp.sampling = privacy::BatchSampling::Shuffle;
    privacy::train_dp_sgd(*local, data, labels, samples, sgd, dp, rng);
  } else {
    fl::train_local_sgd(*local, data, labels, samples, sgd, rng);
  }
  return (victim.params() - local->params()) / options.local_lr;
}

// The sum of the victim's and (secagg_clients - 1) other clients' vectors, computed by a secure
// aggregation round over their fixed-point encodings.
torch::Tensor securely_aggregated(fl::Model& victim, const torch::Tensor& victim_gradient,
                                  const fl::Dataset& others, int64_t batch,
                                  const ObservationOptions& options) {
  const int64_t clients = options.secagg_clients;
  if (clients < 2)
    throw UsageError("defense.secagg_clients must be at least 2 (the victim and one other client)");
  if (others.size() < (clients - 1) * batch)
    throw UsageError("secure aggregation needs " + std::to_string((clients - 1) * batch) +
                     " images for the other clients; the pool has " + std::to_string(others.size()));
  auto rng = fl::make_rng(options.seed, "inversion-secagg-batches");
  std::vector<int64_t> order = all_samples(others.size());
  for (size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[fl::uniform_below(rng, i + 1)]);
  std::vector<torch::Tensor> gradients{victim_gradient};
  for (int64_t c = 1; c < clients; ++c) {
    const auto index =
        torch::tensor(std::vector<int64_t>(order.begin() + (c - 1) * batch, order.begin() + c * batch));
    gradients.push_back(client_gradient(victim, others.images.index_select(0, index),
                                        others.labels.index_select(0, index), options, false, c));
  }
  std::vector<std::vector<float>> inputs;
  double largest = 0.0;
  for (const auto& g : gradients) {
    const auto contiguous = g.contiguous();
    inputs.emplace_back(contiguous.data_ptr<float>(), contiguous.data_ptr<float>() + contiguous.numel());
    largest = std::max(largest, contiguous.abs().max().item<double>());
  }
  secure::SecAggConfig config;
  config.clip = std::max(largest, 1e-6);  // the clients agree on a range that clips nothing
  config.seed = fl::derive_seed(options.seed, "inversion-secagg");
  std::vector<int> participants(static_cast<size_t>(clients));
  std::iota(participants.begin(), participants.end(), 0);
  const auto result = secure::run_secure_aggregation(config, 0, participants, inputs);
  if (!result.ok) throw std::runtime_error("secure aggregation round failed: " + result.error);
  return torch::tensor(result.sum, torch::kFloat64).to(torch::kFloat32);
}

}  // namespace

GradientSource parse_gradient_source(const std::string& name) {
  if (name == "fedsgd") return GradientSource::FedSgd;
  if (name == "fedavg") return GradientSource::FedAvg;
  throw UsageError("unknown gradient source '" + name + "' (fedsgd, fedavg)");
}

ObservationDefense parse_observation_defense(const std::string& name) {
  if (name == "none") return ObservationDefense::None;
  if (name == "clip") return ObservationDefense::Clip;
  if (name == "prune") return ObservationDefense::Prune;
  if (name == "soteria") return ObservationDefense::Soteria;
  if (name == "noise") return ObservationDefense::Noise;
  if (name == "dp_sgd") return ObservationDefense::DpSgd;
  if (name == "secagg") return ObservationDefense::SecureAggregation;
  throw UsageError("unknown defense '" + name + "' (none, clip, prune, soteria, noise, dp_sgd, secagg)");
}

Observation observe_gradient(fl::Model& victim, const torch::Tensor& inputs, const torch::Tensor& labels,
                             const fl::Dataset& others, const ObservationOptions& options) {
  const bool dp_sgd = options.defense == ObservationDefense::DpSgd;
  auto gradient = client_gradient(victim, inputs, labels, options, dp_sgd, 0);
  if (options.defense == ObservationDefense::SecureAggregation)
    return {securely_aggregated(victim, gradient, others, inputs.size(0), options), {}};
  GradientDefense transform = options.transform;
  switch (options.defense) {
    case ObservationDefense::Clip:
      transform.kind = DefenseKind::Clip;
      break;
    case ObservationDefense::Prune:
      transform.kind = DefenseKind::Prune;
      break;
    case ObservationDefense::Soteria:
      transform.kind = DefenseKind::Soteria;
      break;
    case ObservationDefense::Noise:
      transform.kind = DefenseKind::Noise;
      transform.noise_seed = fl::derive_seed(options.seed, "inversion-noise");
      break;
    default:
      transform.kind = DefenseKind::None;
  }
  auto defended = defend_gradient(transform, gradient, victim, inputs, labels);
  return {defended.gradient, defended.mirror};
}

}  // namespace fedsec::attacks
