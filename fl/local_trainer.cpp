#include "fl/local_trainer.h"

#include <algorithm>
#include <vector>

#include "fl/sgd_update.h"

namespace fedsec::fl {
namespace {

torch::Tensor index_tensor(const int64_t* begin, int64_t count) {
  return torch::from_blob(const_cast<int64_t*>(begin), {count}, torch::kInt64);
}

}  // namespace

LocalResult train_local_sgd(Model& model, const Dataset& data, const torch::Tensor& labels,
                            const std::vector<int64_t>& samples, const LocalSgdOptions& options, Rng& rng) {
  torch::NoGradGuard no_grad;  // loss_and_grad enables autograd itself where it needs it
  LocalResult result;
  const auto n = static_cast<int64_t>(samples.size());
  if (n == 0) return result;
  const int64_t batches_per_epoch = (n + options.batch_size - 1) / options.batch_size;
  const int64_t total_steps = options.steps > 0 ? options.steps : options.epochs * batches_per_epoch;
  torch::Tensor& w = model.params();
  const SgdStep update{static_cast<float>(options.lr), static_cast<float>(options.momentum),
                       static_cast<float>(options.weight_decay)};
  std::vector<float> velocity(options.momentum > 0 ? static_cast<size_t>(w.numel()) : 0, 0.0f);
  torch::Tensor x, y;
  std::vector<int64_t> order(samples);
  double loss_sum = 0.0;
  for (int64_t step = 0; step < total_steps; ++step) {
    const int64_t in_epoch = step % batches_per_epoch;
    if (in_epoch == 0)  // Fisher-Yates with a portable integer draw
      for (int64_t i = n - 1; i > 0; --i) std::swap(order[i], order[uniform_below(rng, i + 1)]);
    const int64_t start = in_epoch * options.batch_size;
    const int64_t count = std::min(options.batch_size, n - start);
    auto idx = index_tensor(order.data() + start, count);
    x = data.images.index_select(0, idx);
    y = labels.index_select(0, idx);
    {
      torch::AutoGradMode enable(true);
      loss_sum += model.loss_and_grad(x, y);
    }
    sgd_update(w.data_ptr<float>(), model.grad().data_ptr<float>(), velocity.data(), w.numel(), update);
  }
  result.steps = total_steps;
  result.mean_loss = loss_sum / static_cast<double>(total_steps);
  return result;
}

double full_batch_gradient(Model& model, const Dataset& data, const torch::Tensor& labels,
                           const std::vector<int64_t>& samples, int64_t chunk_size, torch::Tensor& out) {
  const auto n = static_cast<int64_t>(samples.size());
  out.zero_();
  double loss = 0.0;
  for (int64_t start = 0; start < n; start += chunk_size) {
    const int64_t count = std::min(chunk_size, n - start);
    auto idx = index_tensor(samples.data() + start, count);
    const double weight = static_cast<double>(count) / static_cast<double>(n);
    loss += weight * model.loss_and_grad(data.images.index_select(0, idx), labels.index_select(0, idx));
    out.add_(model.grad(), weight);
  }
  return loss;
}

Evaluation evaluate(Model& model, const Dataset& data, int64_t chunk_size) {
  torch::NoGradGuard no_grad;
  const int64_t n = data.size();
  double correct = 0, loss = 0;
  for (int64_t start = 0; start < n; start += chunk_size) {
    const int64_t count = std::min(chunk_size, n - start);
    auto logits = model.forward(data.images.narrow(0, start, count));
    auto y = data.labels.narrow(0, start, count);
    loss += at::cross_entropy_loss(logits, y, {}, at::Reduction::Sum).item<double>();
    correct += logits.argmax(1).eq(y).sum().item<double>();
  }
  return {correct / static_cast<double>(n), loss / static_cast<double>(n)};
}

}  // namespace fedsec::fl
