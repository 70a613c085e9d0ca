#include "fl/strategy.h"

#include <algorithm>
#include <set>

namespace fedsec::fl {

std::vector<int> Strategy::select_clients(int num_clients, int count, Rng& rng) const {
  // Floyd's algorithm: a uniform count-subset of [0, num_clients).
  std::set<int> chosen;
  for (int j = num_clients - count; j < num_clients; ++j) {
    const int t = static_cast<int>(uniform_below(rng, static_cast<uint64_t>(j) + 1));
    if (!chosen.insert(t).second) chosen.insert(j);
  }
  return {chosen.begin(), chosen.end()};
}

void ServerOptimizer::step(torch::Tensor& params, const torch::Tensor& pseudo_gradient) {
  if (momentum_ > 0) {
    if (!velocity_.defined()) velocity_ = torch::zeros_like(params);
    velocity_.mul_(momentum_).add_(pseudo_gradient);
    params.add_(velocity_, -lr_);
  } else {
    params.add_(pseudo_gradient, -lr_);
  }
}

}  // namespace fedsec::fl
