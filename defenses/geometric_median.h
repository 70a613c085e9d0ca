#pragma once
// Geometric median argmin_z sum_i ||z - x_i|| by the smoothed Weiszfeld iteration of RFA
// (Pillutla, Kakade, Harchaoui, "Robust Aggregation for Federated Learning", IEEE TSP 2022):
// start from the mean; repeat beta_i = 1 / max(nu, ||z - x_i||), z = sum beta_i x_i / sum beta_i,
// at most `iterations` times, stopping early once the objective sum_i ||z - x_i|| decreases by
// less than tolerance x its value (tolerance 0: always `iterations`). Uniform weights (as ByzFL): clients
// cannot buy influence through their sample count. Requires n >= 2f+1 (breakdown point 1/2). Each iteration
// is two passes over the n x d input: the distances, then one matrix-vector product.

#include "defenses/rule.h"

namespace fedsec::defenses {

struct GeometricMedianOptions {
  int64_t iterations = 100;
  double smoothing = 1e-6;  // nu
  double tolerance = 1e-6;
};

class GeometricMedianRule final : public Rule {
 public:
  explicit GeometricMedianRule(GeometricMedianOptions options) : options_(options) {}
  bool accepts(int64_t n, int64_t f) const override { return n >= 2 * f + 1; }
  std::string requirement() const override { return "n >= 2f+1"; }
  torch::Tensor combine(const torch::Tensor& x, const torch::Tensor& weights, int64_t f) override;
  // Weiszfeld updates done by the last combine (for tests and benchmarks).
  int64_t last_iterations() const { return last_iterations_; }

 private:
  GeometricMedianOptions options_;
  int64_t last_iterations_ = 0;
};

// ||x_i - z|| for every row of x (n x d float32, contiguous) and z (d float32), in one pass.
std::vector<double> row_distances(const torch::Tensor& x, const torch::Tensor& z);

}  // namespace fedsec::defenses
