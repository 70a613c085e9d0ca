#pragma once
// Dense matrix types of the traffic library. Data matrices are row-major: one sample per row, so
// that solvers that sweep over samples read contiguous memory.

#include <Eigen/Dense>

namespace fedsec::traffic {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace fedsec::traffic
