// The Flag Aggregator's n x n Gram form against the plain form of the official code: a thin SVD
// of the d x (n + n(n-1)) matrix of weighted unit updates and their differences.
#include <gtest/gtest.h>

#include "aggregator_support.h"
#include "defenses/flag_aggregator.h"

namespace fedsec::defenses {
namespace {

constexpr double kEps = 1e-7;

// x: n x d float64. Returns the d-vector (1/m) Y Y^T sum u_i.
torch::Tensor flag_by_svd(const torch::Tensor& x, int64_t m, double lambda, int64_t iterations) {
  const int64_t n = x.size(0);
  const auto u = (x / x.norm(2, 1, true)).t();  // d x n
  const double c = std::pow(lambda / static_cast<double>(n * (n - 1)), 2);
  auto cost = [&](const torch::Tensor& p) {  // p: m x n, column i = Y^T u_i
    double j = torch::clamp_min(1 - p.pow(2).sum(0), 0).sqrt().sum().item<double>();
    for (int64_t a = 0; a < n; ++a)
      for (int64_t b = 0; b < n; ++b)
        if (a != b)
          j += c * std::sqrt(std::abs(1 - (p.select(1, a) - p.select(1, b)).pow(2).sum().item<double>()));
    return j;
  };
  auto p = torch::zeros({m, n}, torch::kFloat64);  // the start is orthogonal to every u_i
  torch::Tensor y;
  double previous = cost(p);
  for (int64_t k = 1; k <= iterations; ++k) {
    std::vector<torch::Tensor> columns;
    for (int64_t i = 0; i < n; ++i) {
      const double a = 1 / std::sqrt(std::abs(1 - p.select(1, i).pow(2).sum().item<double>()) + kEps);
      columns.push_back(u.select(1, i) * std::sqrt(a));
    }
    if (lambda > 0)
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j) {
          if (i == j) continue;
          const double t = (p.select(1, i) - p.select(1, j)).pow(2).sum().item<double>();
          const double b = c / std::sqrt(std::abs(1 - t) + kEps);
          columns.push_back((u.select(1, i) - u.select(1, j)) * std::sqrt(b));
        }
    const auto left = std::get<0>(at::linalg_svd(torch::stack(columns, 1), /*full_matrices=*/false));
    const auto candidate = left.narrow(1, 0, m);
    const auto next = candidate.t().mm(u);
    const double value = cost(next);
    if (k > 1 && value >= previous) break;
    y = candidate;
    p = next;
    if (previous - value <= 1e-10 || value <= 1e-10) break;
    previous = value;
  }
  return y.mm(y.t().mm(u.sum(1, true))).squeeze(1) / static_cast<double>(m);
}

TEST(FlagAggregator, GramFormEqualsThePlainSvdForm) {
  torch::manual_seed(3);
  for (int64_t d : {30, 120})
    for (int64_t n : {4, 7, 10})
      for (int64_t m : {1, 3})
        for (double lambda : {0.0, 5.0, 60.0})
          for (int64_t iterations : {1, 4}) {
            const auto x = torch::randn({n, d}, torch::kFloat64) + 0.5;
            const auto expected = flag_by_svd(x, m, lambda, iterations);
            const auto u = x / x.norm(2, 1, true);
            const auto g = u.mm(u.t()).contiguous();
            const Eigen::MatrixXd unit_gram = Eigen::Map<const Eigen::MatrixXd>(g.data_ptr<double>(), n, n);
            const Eigen::VectorXd c = flag_coefficients(unit_gram, m, lambda, iterations);
            const auto coefficients = torch::from_blob(const_cast<double*>(c.data()), {n}, torch::kFloat64);
            const auto gram_form = u.t().mv(coefficients);
            EXPECT_TRUE(torch::allclose(gram_form, expected, 1e-7, 1e-9))
                << "d " << d << " n " << n << " m " << m << " lambda " << lambda << " T " << iterations
                << " max diff " << (gram_form - expected).abs().max().item<double>();
            // The registered rule in float32 agrees too.
            const auto rule =
                testing::aggregate("flag", x.to(torch::kFloat32), 0,
                                   {{"aggregator.flag.m", std::to_string(m)},
                                    {"aggregator.flag.lambda", std::to_string(lambda)},
                                    {"aggregator.flag.iterations", std::to_string(iterations)}});
            EXPECT_TRUE(torch::allclose(rule.to(torch::kFloat64), expected, 1e-3, 1e-4));
          }
}

Eigen::MatrixXd unit_gram_of(const torch::Tensor& x) {
  const auto u = x / x.norm(2, 1, true);
  const auto g = u.mm(u.t()).contiguous();
  return Eigen::Map<const Eigen::MatrixXd>(g.data_ptr<double>(), x.size(0), x.size(0));
}

TEST(FlagAggregator, IteratesUntilTheCostStopsFalling) {
  torch::manual_seed(4);
  int64_t steps = 0;
  flag_coefficients(unit_gram_of(torch::randn({9, 50}, torch::kFloat64)), 2, 0.0, 6, &steps);
  EXPECT_EQ(steps, 6);  // random updates: the cost keeps falling
  // Equal updates: the first step reaches cost 0 and the solver stops there.
  flag_coefficients(unit_gram_of(torch::ones({5, 8}, torch::kFloat64)), 2, 0.0, 50, &steps);
  EXPECT_EQ(steps, 1);
}

}  // namespace
}  // namespace fedsec::defenses
