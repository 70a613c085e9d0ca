#include "defenses/trimmed_mean.h"

#include <cmath>

#include "defenses/coordinate_stats_tensor.h"

namespace fedsec::defenses {

int64_t TrimmedMeanRule::trimmed(int64_t n, int64_t f) const {
  return beta_ > 0 ? static_cast<int64_t>(std::floor(beta_ * static_cast<double>(n))) : f;
}

bool TrimmedMeanRule::accepts(int64_t n, int64_t f) const {
  const int64_t b = trimmed(n, f);
  return b >= f && n >= 2 * b + 1;
}

std::string TrimmedMeanRule::requirement() const {
  return beta_ > 0 ? "n >= 2b+1 and b >= f, b = floor(beta n)" : "n >= 2f+1";
}

torch::Tensor TrimmedMeanRule::combine(const torch::Tensor& x, const torch::Tensor&, int64_t f) {
  const int64_t n = x.size(0);
  return coordinate_stat(x, CoordinateStat::TrimmedMean, std::min(trimmed(n, f), (n - 1) / 2));
}

}  // namespace fedsec::defenses
