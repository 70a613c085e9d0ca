#include "privacy/dp_mechanisms.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "fl/errors.h"
#include "privacy/dp_sgd.h"
#include "privacy/gaussian_noise.h"
#include "privacy/release_accounting.h"

namespace fedsec::privacy {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Clips a vector to L2 norm at most bound.
void clip_l2(torch::Tensor& update, double bound) {
  const double norm = update.norm().item<double>();
  if (norm > bound) update.mul_(bound / norm);
}

// What every mechanism reads from the config.
struct DpSettings {
  double clip = 1.0;
  double noise_multiplier = 1.0;
  double target_epsilon = 0.0;
  double delta = 1e-5;
  std::string accountant;
  NoiseSource noise = NoiseSource::Seeded;
  int64_t rounds = 1;
  // RDP answers in microseconds and gives every round's epsilon; PLD recomposes the whole history
  // on each query (about a second at a few hundred steps), so it answers at evaluation rounds and
  // at the last round.
  EpsilonSchedule schedule;

  explicit DpSettings(const fl::Config& c)
      : clip(c.get_double("dp.clip")),
        noise_multiplier(c.get_double("dp.noise_multiplier")),
        target_epsilon(c.get_double("dp.target_epsilon")),
        delta(c.get_double("dp.delta")),
        accountant(c.get_string("dp.accountant")),
        noise(parse_noise_source(c.get_string("dp.noise_source"))),
        rounds(c.get_int("federation.rounds")),
        schedule{accountant == "pld" ? c.get_int("federation.eval_every") : 1, rounds} {}

  // Calibrates noise_multiplier when a target epsilon is set.
  void calibrate_for(const std::vector<ReleaseStream>& streams) {
    if (target_epsilon <= 0) return;
    noise_multiplier = calibrate_streams(streams, rounds, target_epsilon, delta, accountant);
    spdlog::info("dp: noise multiplier {:.6g} meets epsilon {} at delta {} after {} rounds ({})",
                 noise_multiplier, target_epsilon, delta, rounds, accountant);
  }
};

class SampleLevelDp final : public fl::PrivacyMechanism {
 public:
  SampleLevelDp(const fl::Config& c, const std::vector<int64_t>& shard_sizes) : settings_(c) {
    if (c.get_string("federation.strategy") == "fedsgd")
      throw UsageError(
          "dp.mode: sample runs DP-SGD inside local training, but federation.strategy: fedsgd sends "
          "full-batch gradients; use federation.strategy: fedavg (DP-GD is DIFF2 with T = 1)");
    sgd_.epochs = c.get_int("client.epochs");
    sgd_.steps = c.get_int("client.steps");
    sgd_.batch_size = c.get_int("client.batch_size");
    std::vector<ReleaseStream> streams;
    for (int64_t n : shard_sizes)
      if (n > 0)
        streams.push_back({std::min(1.0, static_cast<double>(sgd_.batch_size) / static_cast<double>(n)),
                           dp_sgd_steps(n, sgd_)});
    settings_.calibrate_for(streams);
    options_.clip_norm = settings_.clip;
    options_.noise_multiplier = settings_.noise_multiplier;
    options_.sampling = parse_batch_sampling(c.get_string("dp.sampling"));
    options_.noise = settings_.noise;
    accounting_ = std::make_unique<WorstStreamAccounting>(
        streams, settings_.noise_multiplier, settings_.delta, settings_.accountant, settings_.schedule);
  }

  fl::LocalResult train(fl::Model& model, const fl::Dataset& data, const torch::Tensor& labels,
                        const std::vector<int64_t>& samples, const fl::LocalSgdOptions& options,
                        fl::Rng& rng) const override {
    return train_dp_sgd(model, data, labels, samples, options, options_, rng);
  }

  fl::PrivacyReport account_round(int) override { return accounting_->account_round(); }

 private:
  DpSettings settings_;
  fl::LocalSgdOptions sgd_;
  DpSgdOptions options_;
  std::unique_ptr<WorstStreamAccounting> accounting_;
};

// Client-level DP accounted as a sampled Gaussian with q = m / clients, one release per round
// (McMahan et al., ICLR 2018), m = federation.clients_per_round. Updates are clipped to dp.clip
// and summed with unit weights; the server divides the noisy sum by the fixed m.
class ClientLevelDp : public fl::PrivacyMechanism {
 public:
  ClientLevelDp(const fl::Config& c, size_t clients)
      : settings_(c), expected_participants_(static_cast<double>(c.get_int("federation.clients_per_round"))) {
    const double rate = expected_participants_ / static_cast<double>(clients);
    const std::vector<ReleaseStream> streams{{rate, 1}};
    settings_.calibrate_for(streams);
    accounting_ = std::make_unique<WorstStreamAccounting>(
        streams, settings_.noise_multiplier, settings_.delta, settings_.accountant, settings_.schedule);
  }

  bool sums_unweighted() const override { return true; }
  fl::PrivacyReport account_round(int) override { return accounting_->account_round(); }

 protected:
  double noise_std() const { return settings_.noise_multiplier * settings_.clip; }

  DpSettings settings_;
  double expected_participants_;
  std::unique_ptr<WorstStreamAccounting> accounting_;
};

// dp.mode: client: the server adds N(0, (z clip)^2) to the sum.
class CentralDp final : public ClientLevelDp {
 public:
  CentralDp(const fl::Config& c, size_t clients) : ClientLevelDp(c, clients) {
    if (c.get_string("server.aggregator") != "mean")
      throw UsageError(
          "dp.mode: client adds noise to the sum of clipped updates, so server.aggregator must "
          "be mean (got " +
          c.get_string("server.aggregator") + ")");
  }

  void privatize_update(torch::Tensor& update, fl::Rng&) const override { clip_l2(update, settings_.clip); }

  torch::Tensor aggregate(const torch::Tensor& updates, const torch::Tensor&, fl::Aggregator&,
                          fl::Rng& rng) override {
    return aggregate_sum(updates.sum(0), 0.0, static_cast<int>(updates.size(0)), rng);
  }

  torch::Tensor aggregate_sum(torch::Tensor sum, double, int, fl::Rng& rng) override {
    add_gaussian_noise(sum, noise_std(), settings_.noise, rng);
    return sum.div_(expected_participants_);
  }
};

// dp.mode: distributed: each client adds N(0, (z clip)^2 / k) before secure aggregation masks its
// update, so a sum of at least k contributors carries the central mechanism's noise while the
// server sees no individual update. A round with fewer than k contributors is withheld.
class DistributedDp final : public ClientLevelDp {
 public:
  DistributedDp(const fl::Config& c, size_t clients)
      : ClientLevelDp(c, clients), min_contributors_(c.get_int("dp.min_contributors")) {
    const std::string& transport = c.get_string("transport.name");
    if (transport != "secagg" && transport != "secagg+")
      throw UsageError(
          "dp.mode: distributed has each client add only 1/dp.min_contributors of the noise variance, "
          "so without secure aggregation the server would see nearly un-noised updates; use "
          "transport.name: secagg or secagg+ (got " +
          transport + "), or dp.mode: local");
    if (min_contributors_ == 0) min_contributors_ = c.get_int("federation.clients_per_round");
    if (min_contributors_ > c.get_int("federation.clients_per_round"))
      throw UsageError("dp.min_contributors = " + std::to_string(min_contributors_) +
                       " exceeds federation.clients_per_round = " +
                       std::to_string(c.get_int("federation.clients_per_round")) +
                       ": no round could release");
  }

  void privatize_update(torch::Tensor& update, fl::Rng& rng) const override {
    clip_l2(update, settings_.clip);
    add_gaussian_noise(update, noise_std() / std::sqrt(static_cast<double>(min_contributors_)),
                       settings_.noise, rng);
  }

  torch::Tensor aggregate(const torch::Tensor&, const torch::Tensor&, fl::Aggregator&, fl::Rng&) override {
    throw std::logic_error("dp.mode: distributed aggregates only through secure aggregation");
  }

  torch::Tensor aggregate_sum(torch::Tensor sum, double, int contributors, fl::Rng&) override {
    if (contributors < min_contributors_) {
      spdlog::warn(
          "dp: {} contributors carry less noise than dp.min_contributors = {} promise; round withheld",
          contributors, min_contributors_);
      return {};
    }
    return sum.div_(expected_participants_);
  }

 private:
  int64_t min_contributors_;
};

class LocalDp final : public fl::PrivacyMechanism {
 public:
  explicit LocalDp(const fl::Config& c) : settings_(c) {
    const std::vector<ReleaseStream> streams{{1.0, 1}};
    settings_.calibrate_for(streams);
    accounting_ = std::make_unique<WorstStreamAccounting>(
        streams, settings_.noise_multiplier, settings_.delta, settings_.accountant, settings_.schedule);
  }

  void privatize_update(torch::Tensor& update, fl::Rng& rng) const override {
    clip_l2(update, settings_.clip);
    add_gaussian_noise(update, settings_.noise_multiplier * settings_.clip, settings_.noise, rng);
  }

  fl::PrivacyReport account_round(int) override { return accounting_->account_round(); }

 private:
  DpSettings settings_;
  std::unique_ptr<WorstStreamAccounting> accounting_;
};

}  // namespace

std::unique_ptr<fl::PrivacyMechanism> make_dp_mechanism(const fl::Config& config,
                                                        const std::vector<int64_t>& shard_sizes) {
  const std::string& mode = config.get_string("dp.mode");
  if (mode == "sample") return std::make_unique<SampleLevelDp>(config, shard_sizes);
  if (mode == "client") return std::make_unique<CentralDp>(config, shard_sizes.size());
  if (mode == "distributed") return std::make_unique<DistributedDp>(config, shard_sizes.size());
  if (mode == "local") return std::make_unique<LocalDp>(config);
  throw UsageError("dp.mode '" + mode + "' has no mechanism");
}

void register_dp_mechanisms(fl::Registry& registry) {
  auto& s = registry.schema();
  s.add(fl::make_key("dp.clip", fl::KeyType::Float, "1.0",
                     "L2 bound: of each per-sample gradient (`sample`) or of each client update (`client`, "
                     "`local`).",
                     0, kInf, true, false));
  s.add(fl::make_key("dp.noise_multiplier", fl::KeyType::Float, "1.0",
                     "Noise standard deviation divided by dp.clip; 0 clips without noise (epsilon is then "
                     "infinite). Ignored when dp.target_epsilon > 0.",
                     0, kInf, false, false));
  s.add(
      fl::make_key("dp.target_epsilon", fl::KeyType::Float, "0.0",
                   "When > 0, the noise multiplier is calibrated before training so that the guarantee after "
                   "federation.rounds rounds is at most this epsilon.",
                   0, kInf, false, false));
  s.add(fl::make_key("dp.delta", fl::KeyType::Float, "1.0e-5",
                     "Delta of the reported (epsilon, delta) guarantee.", 0, 1, true, true));
  s.add(fl::make_choice("dp.accountant", "rdp", {"rdp", "pld"},
                        "Accountant: `rdp` (Renyi DP, improved conversion) or `pld` (privacy loss "
                        "distribution, tighter and slower)."));
  s.add(fl::make_choice("dp.sampling", "poisson", {"poisson", "shuffle"},
                        "DP-SGD batches: `poisson` (what the accountants analyse) or fixed-size `shuffle` "
                        "(reported with the Poisson analysis, which does not strictly cover it)."));
  s.add(fl::make_choice(
      "dp.noise_source", "seeded", {"seeded", "secure"},
      "`seeded`: reproducible noise from the experiment seed; `secure`: OpenSSL's CSPRNG, for "
      "real deployments (not reproducible)."));
  s.add(fl::make_key("dp.min_contributors", fl::KeyType::Int, "0",
                     "`distributed`: each client adds noise variance (z clip)^2 / k for k = this value (0: "
                     "federation.clients_per_round); rounds with fewer contributors are withheld.",
                     0));
  for (const char* mode : {"sample", "client", "local", "distributed"})
    registry.add_privacy(mode, make_dp_mechanism);
}

}  // namespace fedsec::privacy
