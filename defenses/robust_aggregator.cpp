#include "defenses/robust_aggregator.h"

#include "defenses/nnm.h"
#include "fl/all_finite.h"
#include "fl/errors.h"

namespace fedsec::defenses {

RobustAggregator::RobustAggregator(std::string name, std::unique_ptr<Rule> rule, int64_t f, bool nnm_first)
    : name_(std::move(name)), rule_(std::move(rule)), f_(f), nnm_first_(nnm_first) {}

void RobustAggregator::check_clients(int64_t n) const {
  const std::string got = ", got n = " + std::to_string(n) + ", f = " + std::to_string(f_) + " (server.f)";
  if (!rule_->accepts(n, f_)) throw UsageError(name_ + " needs " + rule_->requirement() + got);
  if (nnm_first_ && !nnm_accepts(n, f_))
    throw UsageError("pre-aggregation nnm needs " + nnm_requirement() + got);
}

std::vector<int64_t> finite_rows(const torch::Tensor& x) {
  // One pass: a row sum is finite unless the row holds NaN/Inf (or overflows, checked exactly).
  const auto sums = x.sum(1);
  const auto* s = sums.data_ptr<float>();
  std::vector<int64_t> rows;
  for (int64_t i = 0; i < x.size(0); ++i)
    if (std::isfinite(s[i]) || torch::isfinite(x[i]).all().item<bool>()) rows.push_back(i);
  return rows;
}

torch::Tensor RobustAggregator::aggregate(const torch::Tensor& updates, const torch::Tensor& weights) {
  const int64_t n = updates.size(0);
  check_clients(n);
  torch::Tensor x = updates.to(torch::kFloat32).contiguous();
  torch::Tensor w = weights.defined() ? weights.to(torch::kFloat64) : torch::ones({n}, torch::kFloat64);
  if (!nnm_first_ && rule_->propagates_nonfinite()) {
    auto out = rule_->combine(x, w, f_);
    if (fl::all_finite(out)) return out;  // no row was non-finite
  }
  const auto keep = finite_rows(x);
  const auto k = n - static_cast<int64_t>(keep.size());
  if (keep.empty()) throw UsageError(name_ + ": no update is finite");
  if (k > 0) {
    const auto index = torch::tensor(keep, torch::kInt64);
    x = x.index_select(0, index);
    w = w.index_select(0, index);
  }
  const int64_t f = std::max<int64_t>(0, f_ - k);
  if (nnm_first_) x = nearest_neighbour_mixing(x, f);
  return rule_->combine(x, w, f);
}

}  // namespace fedsec::defenses
