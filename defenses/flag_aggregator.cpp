#include "defenses/flag_aggregator.h"

#include <cmath>

#include "defenses/coordinate_stats_tensor.h"
#include "defenses/distances.h"

namespace fedsec::defenses {
namespace {

constexpr double kEpsilon = 1e-7, kStop = 1e-10;

// Coordinates P = W_m^T R of the u_i in the current subspace (m' x n, column i is Y^T u_i).
struct Step {
  Eigen::MatrixXd w;  // r x m'
  Eigen::MatrixXd p;  // m' x n
};

double cost(const Eigen::MatrixXd& p, Eigen::Index n, double c) {
  double j = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) j += std::sqrt(std::max(0.0, 1.0 - p.col(i).squaredNorm()));
  if (c > 0)
    for (Eigen::Index a = 0; a < n; ++a)
      for (Eigen::Index b = 0; b < n; ++b)
        if (a != b) j += c * std::sqrt(std::abs(1.0 - (p.col(a) - p.col(b)).squaredNorm()));
  return j;
}

}  // namespace

Eigen::VectorXd flag_coefficients(const Eigen::MatrixXd& unit_gram, int64_t m, double lambda,
                                  int64_t iterations, int64_t* steps) {
  const Eigen::Index n = unit_gram.rows();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> gram_eig(unit_gram);
  const Eigen::VectorXd& s = gram_eig.eigenvalues();
  const double floor = 1e-12 * std::max(1.0, s.maxCoeff());
  Eigen::Index r = 0;
  while (r < n && s(n - 1 - r) > floor) ++r;
  // Largest r eigenpairs: G = V S V^T, R = S^(1/2) V^T (r x n).
  const Eigen::MatrixXd v = gram_eig.eigenvectors().rightCols(r);
  const Eigen::VectorXd root = s.tail(r).cwiseSqrt();
  const Eigen::MatrixXd rmat = root.asDiagonal() * v.transpose();
  const Eigen::Index keep = std::min<Eigen::Index>(m, r);
  const double c = n > 1 ? std::pow(lambda / static_cast<double>(n * (n - 1)), 2) : 0.0;

  Step current{Eigen::MatrixXd::Zero(r, keep), Eigen::MatrixXd::Zero(keep, n)};
  double previous = cost(current.p, n, c);
  int64_t kept = 0;
  for (int64_t k = 1; k <= iterations && r > 0; ++k) {
    Eigen::MatrixXd weights = Eigen::MatrixXd::Zero(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
      weights(i, i) = 1.0 / std::sqrt(std::abs(1.0 - current.p.col(i).squaredNorm()) + kEpsilon);
    if (c > 0)
      for (Eigen::Index a = 0; a < n; ++a)
        for (Eigen::Index b = a + 1; b < n; ++b) {
          // Both ordered pairs (a, b) and (b, a): 2 b_ab (e_a - e_b)(e_a - e_b)^T.
          const double t = (current.p.col(a) - current.p.col(b)).squaredNorm();
          const double w = 2.0 * c / std::sqrt(std::abs(1.0 - t) + kEpsilon);
          weights(a, a) += w;
          weights(b, b) += w;
          weights(a, b) -= w;
          weights(b, a) -= w;
        }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> step_eig(rmat * weights * rmat.transpose());
    Step next;
    next.w = step_eig.eigenvectors().rightCols(keep);
    next.p = next.w.transpose() * rmat;
    const double value = cost(next.p, n, c);
    if (k > 1 && value >= previous) break;  // no decrease: keep the previous subspace
    current = next;
    kept = k;
    if (previous - value <= kStop || value <= kStop) break;
    previous = value;
  }
  if (steps) *steps = kept;
  if (r == 0) return Eigen::VectorXd::Zero(n);
  // (1/m) Y Y^T sum_i u_i with Y = U V S^(-1/2) W: coefficients V S^(-1/2) W P 1 / m.
  const Eigen::VectorXd projected = current.p.rowwise().sum();
  return v * (root.cwiseInverse().asDiagonal() * (current.w * projected)) / static_cast<double>(m);
}

torch::Tensor FlagAggregatorRule::combine(const torch::Tensor& x, const torch::Tensor&, int64_t) {
  const int64_t n = x.size(0);
  const Eigen::MatrixXd g = gram(x);
  Eigen::VectorXd inverse_norm(n);
  for (int64_t i = 0; i < n; ++i) inverse_norm(i) = g(i, i) > 0 ? 1.0 / std::sqrt(g(i, i)) : 0.0;
  const Eigen::MatrixXd unit_gram = inverse_norm.asDiagonal() * g * inverse_norm.asDiagonal();
  const Eigen::VectorXd c = flag_coefficients(unit_gram, subspace(n), options_.lambda, options_.iterations);
  std::vector<float> coefficients(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) coefficients[i] = static_cast<float>(c(i) * inverse_norm(i));
  return weighted_row_sum(x, coefficients.data());
}

}  // namespace fedsec::defenses
