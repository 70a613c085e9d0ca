#pragma once
// Pairwise geometry of the update rows from one n x n Gram product (BLAS), in double.

#include <Eigen/Dense>
#include <vector>

#include "fl/tensor.h"

namespace fedsec::defenses {

// G = x x^T for x: n x d float32 (one BLAS product), returned in double.
Eigen::MatrixXd gram(const torch::Tensor& x);

// D_ij = ||x_i - x_j||^2 = G_ii + G_jj - 2 G_ij, clamped at 0, zero diagonal.
Eigen::MatrixXd squared_distances(const torch::Tensor& x);
Eigen::MatrixXd squared_distances_from_gram(const Eigen::MatrixXd& g);

// The `count` indices j with the smallest dist(i, j) (j = i included, distance 0), ties broken by
// the lower index, in increasing order of distance.
std::vector<int64_t> nearest(const Eigen::MatrixXd& dist, int64_t i, int64_t count);

// ||a - b||^2 over d floats, accumulated in float lanes per block and in double across blocks.
double squared_distance(const float* a, const float* b, int64_t d);

}  // namespace fedsec::defenses
