#include "defenses/meamed.h"

#include "defenses/coordinate_stats_tensor.h"

namespace fedsec::defenses {

torch::Tensor MeaMedRule::combine(const torch::Tensor& x, const torch::Tensor&, int64_t f) {
  return coordinate_stat(x, CoordinateStat::MeanAroundMedian, f);
}

}  // namespace fedsec::defenses
