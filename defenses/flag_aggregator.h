#pragma once
// Flag Aggregator (Almasi, Mishra, Vamanan, Ravi, ICLR 2024), as its official code computes it
// (github.com/hamidralmasi/FlagAggregator, aggregators/flag.py): normalise each update,
// u_i = x_i / ||x_i||; find an m-dimensional subspace Y by IRLS on the flag-median cost
//   J(Y) = sum_i sqrt(max(0, 1 - ||Y^T u_i||^2)) + c sum_{i != j} sqrt(|1 - ||Y^T (u_i - u_j)||^2|),
// with c = (lambda / (n(n-1)))^2 (the official code squares the factor and counts both ordered
// pairs); each step takes the top-m eigenvectors of sum_i a_i u_i u_i^T + sum_{i != j} b_ij
// (u_i - u_j)(u_i - u_j)^T with a_i = (|1 - ||Y^T u_i||^2| + 1e-7)^(-1/2) and b_ij = c (|1 -
// ||Y^T (u_i - u_j)||^2| + 1e-7)^(-1/2); stops after `iterations` steps, or when J decreases by
// at most 1e-10 (keeping the previous subspace if a later step increases J). Output
// (1/m) Y Y^T sum_i u_i. The first weights are those of a subspace orthogonal to every u_i (the
// official random start, up to O(m/d)).
//
// Everything lives in span(u_1..u_n): with the n x n Gram matrix G = V S V^T of the u_i and
// R = S^(1/2) V^T, each step is an eigenproblem of R K R^T (K n x n), never a d x d or d x n^2
// matrix. Cost: one n x n Gram product and one matrix-vector product over the input. No f
// parameter: it requires m < n, m = ceil(n/2) by default. Ignores sample weights; a zero update
// stays zero.

#include <Eigen/Dense>

#include "defenses/rule.h"

namespace fedsec::defenses {

struct FlagOptions {
  int64_t m = 0;  // subspace dimension; 0: ceil(n/2)
  double lambda = 0.0;
  int64_t iterations = 4;
};

// The solver on the Gram matrix of the unit vectors (zero rows and columns for zero updates).
// Returns c with output = sum_i c_i u_i; `steps` receives the number of IRLS steps kept.
Eigen::VectorXd flag_coefficients(const Eigen::MatrixXd& unit_gram, int64_t m, double lambda,
                                  int64_t iterations, int64_t* steps = nullptr);

class FlagAggregatorRule final : public Rule {
 public:
  explicit FlagAggregatorRule(FlagOptions options) : options_(options) {}
  bool accepts(int64_t n, int64_t) const override { return subspace(n) < n; }
  std::string requirement() const override { return "n > m (m = ceil(n/2) unless aggregator.flag.m is set)"; }
  torch::Tensor combine(const torch::Tensor& x, const torch::Tensor& weights, int64_t f) override;

 private:
  int64_t subspace(int64_t n) const { return options_.m > 0 ? options_.m : (n + 1) / 2; }
  FlagOptions options_;
};

}  // namespace fedsec::defenses
