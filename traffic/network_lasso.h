#pragma once
// Network lasso (Hallac, Leskovec & Boyd, KDD 2015):
//
//   minimise  sum_i f_i(x_i) + lambda sum_{(j,k) in E} w_jk ||x_j - x_k||_2
//
// solved by ADMM (Boyd et al., Found. Trends ML 3(1), 2011) on the edge-split form: each edge
// (i, j) keeps copies z_ij, z_ji with scaled duals u_ij, u_ji. One iteration is
//   x-update per node:  x_i = prox_{f_i / (rho deg_i)}(mean_j (z_ij - u_ij))
//   z-update per edge:  closed form, theta = max(1 - lambda w / (rho ||a - b||), 1/2),
//                       z_ij = theta a + (1 - theta) b, z_ji = (1 - theta) a + theta b,
//                       a = x_i + u_ij, b = x_j + u_ji (theta = 1/2: the edge is in consensus)
//   u-update per edge end: u_ij += x_i - z_ij
// stopping when the primal and dual residuals fall below eps_pri and eps_dual (Boyd section 3.3),
// with residual balancing of rho (Boyd section 3.4.1) and the duals rescaled when rho changes.
// Nodes exchange only model-sized vectors with their neighbours, never data.

#include <vector>

#include <Eigen/Dense>

#include "traffic/node_objective.h"
#include "traffic/region_graph.h"

namespace fedsec::traffic {

struct AdmmOptions {
  double rho = 1.0;
  double eps_abs = 1e-4;
  double eps_rel = 1e-3;
  int max_iterations = 1000;
  bool adapt_rho = true;
  double mu = 10.0, tau = 2.0;            // residual balancing: change rho by tau when one
                                          // residual exceeds mu times the other
  double rho_min = 0.05, rho_max = 50.0;  // bounds for the adapted rho
  bool record_history = false;
};

// Residuals of one iteration.
struct AdmmIterate {
  double primal_residual = 0.0, dual_residual = 0.0;
  double eps_primal = 0.0, eps_dual = 0.0;
  double rho = 0.0;
};

struct AdmmReport {
  double lambda = 0.0;
  int iterations = 0;
  bool converged = false;  // residuals below tolerance (false: iteration cap reached)
  AdmmIterate last;
  double objective = 0.0;            // sum_i f_i(x_i) + lambda sum w ||x_j - x_k||
  double consensus_fraction = 1.0;   // share of edges whose last z-update gave theta = 1/2
  std::vector<AdmmIterate> history;  // per iteration, when record_history is set
};

class NetworkLasso {
 public:
  // One objective per graph node, all of the same dimension; they are not owned and must outlive
  // the solver. State starts at x = z = u = 0. Throws UsageError on mismatched sizes or options.
  NetworkLasso(WeightedGraph graph, std::vector<NodeObjective*> objectives, const AdmmOptions& options);

  // Runs ADMM at this lambda from the current state (a warm start after an earlier solve).
  AdmmReport solve(double lambda);

  // The node models x_i after the last solve.
  const std::vector<Eigen::VectorXd>& x() const { return x_; }

  // sum_i f_i(x_i) + lambda sum_{(j,k)} w_jk ||x_j - x_k||.
  double objective(double lambda) const;

 private:
  void update_x();
  // Returns the number of edges in consensus.
  int update_z(double lambda);
  void update_u();
  AdmmIterate residuals() const;

  WeightedGraph graph_;
  std::vector<NodeObjective*> objectives_;
  AdmmOptions options_;
  std::vector<int> degree_;
  std::vector<std::vector<int>> ends_of_node_;  // edge ends (2e: at edge.a, 2e+1: at edge.b)
  std::vector<Eigen::VectorXd> x_, z_, u_, z_old_;
  std::vector<bool> isolated_solved_;
  double rho_;
};

}  // namespace fedsec::traffic
