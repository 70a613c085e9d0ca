#include "privacy/dp_sgd.h"

#include <algorithm>
#include <vector>

#include "fl/errors.h"
#include "fl/sgd_update.h"
#include "privacy/per_sample_gradients.h"

namespace fedsec::privacy {
namespace {

// The samples of one step's batch.
class BatchDrawer {
 public:
  BatchDrawer(const std::vector<int64_t>& samples, int64_t batch_size, BatchSampling sampling)
      : samples_(samples), order_(samples), batch_size_(batch_size), sampling_(sampling) {}

  const std::vector<int64_t>& next(int64_t step, fl::Rng& rng) {
    const auto n = static_cast<int64_t>(samples_.size());
    batch_.clear();
    if (sampling_ == BatchSampling::Poisson) {
      const double rate = std::min(1.0, static_cast<double>(batch_size_) / static_cast<double>(n));
      for (int64_t s : samples_)
        if (fl::uniform_unit(rng) < rate) batch_.push_back(s);
      return batch_;
    }
    const int64_t per_epoch = (n + batch_size_ - 1) / batch_size_;
    const int64_t in_epoch = step % per_epoch;
    if (in_epoch == 0)
      for (int64_t i = n - 1; i > 0; --i) std::swap(order_[i], order_[fl::uniform_below(rng, i + 1)]);
    const int64_t start = in_epoch * batch_size_;
    batch_.assign(order_.begin() + start, order_.begin() + std::min(n, start + batch_size_));
    return batch_;
  }

 private:
  const std::vector<int64_t>& samples_;
  std::vector<int64_t> order_, batch_;
  int64_t batch_size_;
  BatchSampling sampling_;
};

// The mean of a float vector, summed in double in order.
double mean_of(const torch::Tensor& values) {
  const auto v = values.contiguous();
  const float* data = v.data_ptr<float>();
  double sum = 0;
  for (int64_t i = 0; i < v.numel(); ++i) sum += data[i];
  return sum / static_cast<double>(v.numel());
}

}  // namespace

BatchSampling parse_batch_sampling(const std::string& name) {
  if (name == "poisson") return BatchSampling::Poisson;
  if (name == "shuffle") return BatchSampling::Shuffle;
  throw UsageError("batch sampling '" + name + "': expected poisson or shuffle");
}

int64_t dp_sgd_steps(int64_t n, const fl::LocalSgdOptions& options) {
  if (options.steps > 0) return options.steps;
  return options.epochs * ((n + options.batch_size - 1) / options.batch_size);
}

fl::LocalResult train_dp_sgd(fl::Model& model, const fl::Dataset& data, const torch::Tensor& labels,
                             const std::vector<int64_t>& samples, const fl::LocalSgdOptions& options,
                             const DpSgdOptions& dp, fl::Rng& rng) {
  torch::NoGradGuard no_grad;
  fl::LocalResult result;
  const auto n = static_cast<int64_t>(samples.size());
  if (n == 0) return result;
  const int64_t total_steps = dp_sgd_steps(n, options);
  const double expected_batch = static_cast<double>(std::min(options.batch_size, n));
  torch::Tensor& w = model.params();
  torch::Tensor& g = model.grad();
  const fl::SgdStep update{static_cast<float>(options.lr), static_cast<float>(options.momentum),
                           static_cast<float>(options.weight_decay)};
  // The sum over the batch and its noise, both divided by the expected batch size.
  const double noise_std = dp.noise_multiplier * dp.clip_norm / expected_batch;
  std::vector<float> velocity(options.momentum > 0 ? static_cast<size_t>(w.numel()) : 0, 0.0f);
  BatchDrawer drawer(samples, options.batch_size, dp.sampling);
  double loss_sum = 0.0;
  int64_t nonempty_steps = 0;
  for (int64_t step = 0; step < total_steps; ++step) {
    const auto& batch = drawer.next(step, rng);
    if (batch.empty()) {
      g.zero_();
    } else {
      auto idx = torch::from_blob(const_cast<int64_t*>(batch.data()), {static_cast<int64_t>(batch.size())},
                                  torch::kInt64);
      const fl::BatchTrace trace =
          model.trace_batch(data.images.index_select(0, idx), labels.index_select(0, idx));
      weighted_gradient_sum(
          trace, clip_factors(per_sample_squared_norms(trace), dp.clip_norm).div_(expected_batch), g);
      loss_sum += mean_of(trace.losses);
      ++nonempty_steps;
    }
    add_gaussian_noise(g, noise_std, dp.noise, rng);
    fl::sgd_update(w.data_ptr<float>(), g.data_ptr<float>(), velocity.data(), w.numel(), update);
  }
  result.steps = total_steps;
  result.mean_loss = nonempty_steps > 0 ? loss_sum / static_cast<double>(nonempty_steps) : 0.0;
  return result;
}

}  // namespace fedsec::privacy
