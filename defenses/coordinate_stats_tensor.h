#pragma once
// coordinate_stat and weighted_sum (coordinate_stats.h) on the rows of an n x d float32 tensor.

#include "defenses/coordinate_stats.h"
#include "fl/tensor.h"

namespace fedsec::defenses {

// Pointers to the given rows of x (n x d float32, contiguous); all rows when `rows` is empty.
inline std::vector<const float*> row_pointers(const torch::Tensor& x, const std::vector<int64_t>& rows = {}) {
  std::vector<const float*> pointers;
  const int64_t d = x.size(1);
  if (rows.empty())
    for (int64_t i = 0; i < x.size(0); ++i) pointers.push_back(x.data_ptr<float>() + i * d);
  for (int64_t i : rows) pointers.push_back(x.data_ptr<float>() + i * d);
  return pointers;
}

// x: n x d float32, contiguous; rows: the row indices to use (all rows when empty).
inline torch::Tensor coordinate_stat(const torch::Tensor& x, CoordinateStat stat, int64_t param,
                                     const std::vector<int64_t>& rows = {}) {
  auto out = torch::empty({x.size(1)}, torch::kFloat32);
  coordinate_stat(row_pointers(x, rows), x.size(1), stat, param, out.data_ptr<float>());
  return out;
}

// The sum over rows i of coefficients[i] * x[i] (x: n x d float32, contiguous; coefficients: n
// floats), by weighted_sum: rows added in order, the same bits on every instruction set.
inline torch::Tensor weighted_row_sum(const torch::Tensor& x, const float* coefficients) {
  auto out = torch::empty({x.size(1)}, torch::kFloat32);
  weighted_sum(row_pointers(x), coefficients, x.size(1), out.data_ptr<float>());
  return out;
}

}  // namespace fedsec::defenses
