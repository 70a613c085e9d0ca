#include "defenses/nnm.h"

#include "defenses/distances.h"

namespace fedsec::defenses {

bool nnm_accepts(int64_t n, int64_t f) { return n >= 2 * f + 1; }
std::string nnm_requirement() { return "n >= 2f+1"; }

torch::Tensor nearest_neighbour_mixing(const torch::Tensor& x, int64_t f) {
  const int64_t n = x.size(0);
  const Eigen::MatrixXd dist = squared_distances(x);
  const int64_t keep = n - f;
  auto mix = torch::zeros({n, n}, torch::kFloat32);
  auto* m = mix.data_ptr<float>();
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j : nearest(dist, i, keep)) m[i * n + j] = 1.0f / static_cast<float>(keep);
  return at::mm(mix, x);
}

}  // namespace fedsec::defenses
