#include "defenses/bulyan.h"

#include <numeric>

#include "defenses/coordinate_stats_tensor.h"
#include "defenses/krum.h"

namespace fedsec::defenses {

torch::Tensor BulyanRule::combine(const torch::Tensor& x, const torch::Tensor&, int64_t f) {
  const int64_t n = x.size(0);
  const Eigen::MatrixXd dist = squared_distances(x);
  std::vector<int64_t> remaining(static_cast<size_t>(n)), selected;
  std::iota(remaining.begin(), remaining.end(), 0);
  for (int64_t t = 0; t < n - 2 * f; ++t) {
    const int64_t best = ranking(krum_scores(dist, remaining, f)).front();
    selected.push_back(remaining[best]);
    remaining.erase(remaining.begin() + best);
  }
  return coordinate_stat(x, CoordinateStat::MeanAroundMedian, 2 * f, selected);
}

}  // namespace fedsec::defenses
