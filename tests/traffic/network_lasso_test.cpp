#include "traffic/network_lasso.h"

#include <gtest/gtest.h>

#include <cmath>

#include "fl/errors.h"
#include "fl/rng.h"
#include "traffic/lambda_path.h"
#include "traffic/one_class_svm.h"
#include "traffic/random_draws.h"
#include "traffic/random_features.h"

namespace fedsec::traffic {
namespace {

// f(x) = 1/2 ||x - a||^2, whose prox and minimiser are closed-form.
class Quadratic : public NodeObjective {
 public:
  explicit Quadratic(Eigen::VectorXd a) : a_(std::move(a)) {}
  int dim() const override { return static_cast<int>(a_.size()); }
  double value(const Eigen::VectorXd& x) const override { return 0.5 * (x - a_).squaredNorm(); }
  Eigen::VectorXd prox(const Eigen::VectorXd& v, double sigma) override {
    return (a_ + sigma * v) / (1.0 + sigma);
  }
  Eigen::VectorXd minimize() override { return a_; }
  Eigen::VectorXd score_weights(const Eigen::VectorXd& x) const override { return x; }

 private:
  Eigen::VectorXd a_;
};

AdmmOptions tight() {
  AdmmOptions o;
  o.eps_abs = 1e-10;
  o.eps_rel = 1e-10;
  o.max_iterations = 20000;
  return o;
}

std::vector<NodeObjective*> pointers(std::vector<Quadratic>& q) {
  std::vector<NodeObjective*> out;
  for (Quadratic& f : q) out.push_back(&f);
  return out;
}

// Research note section 6: two nodes, one unit edge, f_i = 1/2 ||x - a_i||^2.
TEST(NetworkLasso, TwoQuadraticNodesMatchTheClosedForm) {
  const Eigen::Vector2d a1(3.0, 1.0), a2(-1.0, 4.0);  // ||a1 - a2|| = 5
  for (double lambda : {0.0, 1.0, 2.4, 2.6, 10.0}) {
    std::vector<Quadratic> q = {Quadratic(a1), Quadratic(a2)};
    NetworkLasso solver(WeightedGraph{2, {{0, 1, 1.0}}}, pointers(q), tight());
    const AdmmReport report = solver.solve(lambda);
    ASSERT_TRUE(report.converged);
    Eigen::Vector2d x1 = 0.5 * (a1 + a2), x2 = x1;
    if (5.0 > 2.0 * lambda) {
      const Eigen::Vector2d unit = (a1 - a2) / 5.0;
      x1 = a1 - lambda * unit;
      x2 = a2 + lambda * unit;
    }
    EXPECT_LT((solver.x()[0] - x1).norm(), 1e-7) << "lambda " << lambda;
    EXPECT_LT((solver.x()[1] - x2).norm(), 1e-7) << "lambda " << lambda;
    EXPECT_EQ(report.consensus_fraction, lambda > 2.5 ? 1.0 : 0.0);
  }
}

// The same objective solved directly: its dual is min 1/2 ||a - D^T mu||^2 over ||mu_e|| <= lambda
// w_e (D the edge-node incidence matrix), solved by accelerated projected gradient; x = a - D^T mu.
std::vector<Eigen::VectorXd> direct_network_lasso(const std::vector<Eigen::VectorXd>& a,
                                                  const WeightedGraph& g, double lambda) {
  const std::size_t m = g.edges.size();
  auto x_of = [&](const std::vector<Eigen::VectorXd>& mu) {
    std::vector<Eigen::VectorXd> x = a;
    for (std::size_t e = 0; e < m; ++e) x[g.edges[e].a] -= mu[e], x[g.edges[e].b] += mu[e];
    return x;
  };
  auto project = [&](std::vector<Eigen::VectorXd> mu) {
    for (std::size_t e = 0; e < m; ++e) {
      const double cap = lambda * g.edges[e].weight, norm = mu[e].norm();
      if (norm > cap) mu[e] *= cap / norm;
    }
    return mu;
  };
  std::vector<int> degree(g.nodes, 0);
  for (const WeightedEdge& e : g.edges) ++degree[e.a], ++degree[e.b];
  const double step = 1.0 / (2.0 * *std::max_element(degree.begin(), degree.end()));  // L <= 2 max degree
  std::vector<Eigen::VectorXd> mu(m, Eigen::VectorXd::Zero(a[0].size())), y = mu;
  double t = 1.0;
  for (int it = 0; it < 20000; ++it) {
    const std::vector<Eigen::VectorXd> x = x_of(y);  // minus the gradient, per node
    std::vector<Eigen::VectorXd> next = y;
    for (std::size_t e = 0; e < m; ++e) next[e] += step * (x[g.edges[e].a] - x[g.edges[e].b]);
    next = project(next);
    double uphill = 0.0;
    for (std::size_t e = 0; e < m; ++e) uphill += (y[e] - next[e]).dot(next[e] - mu[e]);
    if (uphill > 0.0) t = 1.0;
    const double t_next = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * t * t));
    for (std::size_t e = 0; e < m; ++e) y[e] = next[e] + ((t - 1.0) / t_next) * (next[e] - mu[e]);
    mu = next;
    t = t_next;
  }
  return x_of(mu);
}

TEST(NetworkLasso, MatchesADirectSolveOnAGraphWithCycles) {
  // Five nodes: a 4-cycle with a chord and a pendant node; 3-dimensional targets.
  const WeightedGraph g{5, {{0, 1, 1.0}, {1, 2, 0.5}, {2, 3, 2.0}, {0, 3, 1.0}, {0, 2, 0.3}, {3, 4, 1.5}}};
  fl::Rng rng = fl::make_rng(1, "test/nl");
  std::vector<Eigen::VectorXd> a(5, Eigen::VectorXd(3));
  for (auto& v : a)
    for (int j = 0; j < 3; ++j) v[j] = 3.0 * draw_normal(rng);
  for (double lambda : {0.3, 1.0, 3.0}) {
    std::vector<Quadratic> q(a.begin(), a.end());
    NetworkLasso solver(g, pointers(q), tight());
    ASSERT_TRUE(solver.solve(lambda).converged);
    const auto direct = direct_network_lasso(a, g, lambda);
    for (int i = 0; i < 5; ++i) EXPECT_LT((solver.x()[i] - direct[i]).norm(), 1e-6) << "lambda " << lambda;
  }
}

TEST(NetworkLasso, RhoDoesNotChangeTheSolution) {
  const WeightedGraph g{3, {{0, 1, 1.0}, {1, 2, 1.0}}};
  std::vector<Eigen::VectorXd> a = {Eigen::Vector2d(0, 0), Eigen::Vector2d(1, 3), Eigen::Vector2d(5, -1)};
  std::vector<Eigen::VectorXd> results[2];
  const double rhos[2] = {0.2, 5.0};
  for (int k = 0; k < 2; ++k) {
    std::vector<Quadratic> q(a.begin(), a.end());
    AdmmOptions o = tight();
    o.rho = rhos[k];
    o.adapt_rho = false;
    NetworkLasso solver(g, pointers(q), o);
    ASSERT_TRUE(solver.solve(0.8).converged);
    results[k] = solver.x();
  }
  for (int i = 0; i < 3; ++i) EXPECT_LT((results[0][i] - results[1][i]).norm(), 1e-7);
}

TEST(NetworkLasso, StopsWithBothResidualsBelowTolerance) {
  const WeightedGraph g{3, {{0, 1, 1.0}, {1, 2, 1.0}, {0, 2, 1.0}}};
  std::vector<Quadratic> q = {Quadratic(Eigen::Vector2d(0, 0)), Quadratic(Eigen::Vector2d(2, 0)),
                              Quadratic(Eigen::Vector2d(0, 2))};
  AdmmOptions o;
  o.record_history = true;
  NetworkLasso solver(g, pointers(q), o);
  const AdmmReport r = solver.solve(0.5);
  ASSERT_TRUE(r.converged);
  EXPECT_LE(r.last.primal_residual, r.last.eps_primal);
  EXPECT_LE(r.last.dual_residual, r.last.eps_dual);
  EXPECT_EQ(static_cast<int>(r.history.size()), r.iterations);
  EXPECT_NEAR(r.objective, solver.objective(0.5), 1e-12);
}

// OC-SVM nodes: small clouds in random-feature space, shifted per node.
struct OcsvmNodes {
  std::vector<RowMatrix> data;
  std::vector<OneClassSvm> svms;
  std::vector<NodeObjective*> ptrs;
  OcsvmNodes(const std::vector<int>& sizes, double nu) {
    const RandomFourierFeatures map(2, 12, 1.5, 3);
    fl::Rng rng = fl::make_rng(5, "test/nodes");
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      RowMatrix a(sizes[i], 2);
      for (int r = 0; r < sizes[i]; ++r) a(r, 0) = 0.4 * i + draw_normal(rng), a(r, 1) = draw_normal(rng);
      data.push_back(map.transform(a));
    }
    OneClassSvmOptions o;
    o.nu = nu;
    for (const RowMatrix& a : data) svms.emplace_back(a, o);
    for (OneClassSvm& s : svms) ptrs.push_back(&s);
  }
};

TEST(NetworkLasso, LambdaZeroGivesTheIndependentlyTrainedLocalModels) {
  OcsvmNodes nodes({30, 45, 25, 40}, 0.15);
  const WeightedGraph cycle{4, {{0, 1, 1.0}, {1, 2, 1.0}, {2, 3, 1.0}, {0, 3, 1.0}}};
  AdmmOptions o;
  o.eps_abs = 1e-9;
  o.eps_rel = 0.0;
  o.max_iterations = 5000;
  NetworkLasso solver(cycle, nodes.ptrs, o);
  ASSERT_TRUE(solver.solve(0.0).converged);
  OcsvmNodes fresh({30, 45, 25, 40}, 0.15);
  for (int i = 0; i < 4; ++i) {
    const Eigen::VectorXd local = fresh.svms[i].minimize();
    EXPECT_LT((solver.x()[i] - local).lpNorm<Eigen::Infinity>(), 1e-6) << "node " << i;
  }
}

TEST(NetworkLasso, LargeLambdaOnAConnectedGraphGivesTheCentralisedModel) {
  const std::vector<int> sizes = {30, 45, 25, 40};
  OcsvmNodes nodes(sizes, 0.15);
  const WeightedGraph chain{4, {{0, 1, 1.0}, {1, 2, 1.0}, {2, 3, 1.0}}};
  ASSERT_TRUE(chain.connected());
  AdmmOptions o;
  o.eps_abs = 1e-9;
  o.eps_rel = 0.0;
  o.max_iterations = 20000;
  NetworkLasso solver(chain, nodes.ptrs, o);
  const AdmmReport r = solver.solve(50.0);
  ASSERT_TRUE(r.converged);
  EXPECT_EQ(r.consensus_fraction, 1.0);
  // Sum_i f_i(x) is the pooled one-class SVM with sample j of node i weighted M / (V m_i).
  const int total = 140;
  RowMatrix pooled(total, nodes.data[0].cols());
  std::vector<double> weights;
  int row = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    pooled.middleRows(row, sizes[i]) = nodes.data[i];
    row += sizes[i];
    weights.insert(weights.end(), sizes[i], static_cast<double>(total) / (sizes.size() * sizes[i]));
  }
  OneClassSvmOptions co;
  co.nu = 0.15;
  OneClassSvm central(pooled, co, weights);
  const Eigen::VectorXd x = central.minimize();
  for (int i = 0; i < 4; ++i) EXPECT_LT((solver.x()[i] - x).lpNorm<Eigen::Infinity>(), 1e-6) << "node " << i;
}

TEST(LambdaPath, RunsFromLocalModelsToFullConsensusWithWarmStarts) {
  OcsvmNodes nodes({30, 45, 25, 40}, 0.15);
  const WeightedGraph chain{4, {{0, 1, 1.0}, {1, 2, 1.0}, {2, 3, 1.0}}};
  NetworkLasso solver(chain, nodes.ptrs, AdmmOptions{});
  LambdaPathOptions po;
  po.start = 1e-3;
  po.factor = 2.0;
  const auto path = run_lambda_path(solver, po);
  ASSERT_GE(path.size(), 3u);
  EXPECT_EQ(path[0].report.lambda, 0.0);
  EXPECT_EQ(path[1].report.lambda, 1e-3);
  EXPECT_DOUBLE_EQ(path[2].report.lambda, 2e-3);
  EXPECT_EQ(path.back().report.consensus_fraction, 1.0);
  EXPECT_LT(path.back().report.lambda, 10.0);
  for (const PathPoint& p : path) EXPECT_TRUE(p.report.converged) << "lambda " << p.report.lambda;
  // On a chain, the share of fused edges grows along the path (a soft property, checked loosely).
  EXPECT_LE(path[1].report.consensus_fraction, path.back().report.consensus_fraction);
}

TEST(NetworkLasso, RejectsObjectivesThatDoNotMatchTheGraph) {
  std::vector<Quadratic> q = {Quadratic(Eigen::Vector2d(0, 0))};
  EXPECT_THROW(NetworkLasso(WeightedGraph{2, {{0, 1, 1.0}}}, pointers(q), AdmmOptions{}), UsageError);
}

}  // namespace
}  // namespace fedsec::traffic
