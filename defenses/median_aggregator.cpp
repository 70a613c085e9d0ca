#include "defenses/median_aggregator.h"

namespace fedsec::defenses {

torch::Tensor MedianAggregator::aggregate(const torch::Tensor& updates, const torch::Tensor&) {
  const int64_t n = updates.size(0);
  if (n % 2 == 1) return std::get<0>(updates.kthvalue((n + 1) / 2, 0));
  auto sorted = std::get<0>(updates.topk(n / 2 + 1, 0, /*largest=*/false, /*sorted=*/true));
  return (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

}  // namespace fedsec::defenses
