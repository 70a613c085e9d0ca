#pragma once
// coordinate_stat and weighted_sum (coordinate_stats.h) on the rows of an n x d float32 tensor.

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

// The sum over rows i of coefficients[i] * x[i] (x: n x d float32, contiguous; coefficients: n
// floats), by weighted_sum: rows added in order, the same bits on every instruction set.
inline torch::Tensor weighted_row_sum(const torch::Tensor& x, const float* coefficients) {
  const int64_t d = x.size(1);
  std::vector<const float*> pointers;
  for (int64_t i = 0; i < x.size(0); ++i) pointers.push_back(x.data_ptr<float>() + i * d);
  auto out = torch::empty({d}, torch::kFloat32);
  weighted_sum(pointers, coefficients, d, out.data_ptr<float>());
  return out;
}

}  // namespace fedsec::defenses
