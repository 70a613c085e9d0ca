#pragma once
// Random Fourier features (Rahimi & Recht, "Random features for large-scale kernel machines",
// NIPS 2007): an explicit finite map phi with phi(a)^T phi(b) ~ exp(-||a - b||^2 / (2 h^2)), the
// Gaussian kernel of bandwidth h. Network lasso needs a shared finite-dimensional parameter space,
// so every region uses the same map (same seed) and a kernel one-class SVM becomes a linear one.

#include <cstdint>

#include "traffic/matrix.h"

namespace fedsec::traffic {

class RandomFourierFeatures {
 public:
  // phi(a) = sqrt(2 / D) cos(W a + b), W_ij ~ N(0, 1 / h^2), b_i ~ U[0, 2 pi), D = output_dim,
  // drawn from fl::make_rng(seed, "traffic/rff").
  RandomFourierFeatures(int input_dim, int output_dim, double bandwidth, uint64_t seed);

  // One row of output per row of a (a.cols() must be input_dim).
  RowMatrix transform(const RowMatrix& a) const;

 private:
  Eigen::MatrixXd w_;  // output_dim x input_dim
  Eigen::VectorXd b_;
};

}  // namespace fedsec::traffic
