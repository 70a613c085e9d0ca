#pragma once
// coordinate_stat (coordinate_stats.h) on rows of an n x d float32 tensor.

#include <numeric>

#include "defenses/coordinate_stats.h"
#include "fl/tensor.h"

namespace fedsec::defenses {

// x: n x d float32, contiguous; rows: the row indices to use (all rows when empty).
inline torch::Tensor coordinate_stat(const torch::Tensor& x, CoordinateStat stat, int64_t param,
                                     std::vector<int64_t> rows = {}) {
  if (rows.empty()) {
    rows.resize(static_cast<size_t>(x.size(0)));
    std::iota(rows.begin(), rows.end(), 0);
  }
  const int64_t d = x.size(1);
  std::vector<const float*> pointers;
  for (int64_t i : rows) pointers.push_back(x.data_ptr<float>() + i * d);
  auto out = torch::empty({d}, torch::kFloat32);
  coordinate_stat(pointers, d, stat, param, out.data_ptr<float>());
  return out;
}

}  // namespace fedsec::defenses
