#pragma once
// An aggregator built from a Rule, the assumed number f of Byzantine updates per round
// (server.f) and an optional pre-aggregation step (server.pre_aggregation: nnm).
//
// Non-finite updates: a row holding NaN or Inf is an identified outlier. It is set aside and
// counts against f: the rule runs on the n - k finite rows with f' = max(0, f - k). A rule that
// accepts (n, f) accepts (n - k, f - k) for k <= f, so the guarantee carries over; for Krum the
// result is exactly that of treating the k rows as infinitely far away.

#include <memory>
#include <string>

#include "defenses/rule.h"
#include "fl/aggregator.h"

namespace fedsec::defenses {

class RobustAggregator final : public fl::Aggregator {
 public:
  RobustAggregator(std::string name, std::unique_ptr<Rule> rule, int64_t f, bool nnm_first);

  // Throws UsageError naming the rule, its requirement, n and f when the rule (or NNM) refuses.
  void check_clients(int64_t n) const override;
  // Throws UsageError as check_clients, or when no row is finite.
  torch::Tensor aggregate(const torch::Tensor& updates, const torch::Tensor& weights) override;
  bool is_weighted_mean() const override { return rule_->is_weighted_mean() && !nnm_first_; }

 private:
  std::string name_;
  std::unique_ptr<Rule> rule_;
  int64_t f_;
  bool nnm_first_;
};

// Indices of the rows of x (n x d float32) whose entries are all finite, in order.
std::vector<int64_t> finite_rows(const torch::Tensor& x);

}  // namespace fedsec::defenses
