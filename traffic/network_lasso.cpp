#include "traffic/network_lasso.h"

#include <algorithm>
#include <cmath>

#include "fl/errors.h"

namespace fedsec::traffic {

NetworkLasso::NetworkLasso(WeightedGraph graph, std::vector<NodeObjective*> objectives,
                           const AdmmOptions& options)
    : graph_(std::move(graph)), objectives_(std::move(objectives)), options_(options), rho_(options.rho) {
  if (static_cast<int>(objectives_.size()) != graph_.nodes)
    throw UsageError("network lasso: one objective per graph node expected");
  if (!(options.rho > 0.0) || !(options.eps_abs > 0.0) || options.eps_rel < 0.0 ||
      options.max_iterations < 1 || !(options.rho_min > 0.0) || options.rho_min > options.rho_max ||
      !(options.mu > 1.0) || !(options.tau > 1.0))
    throw UsageError("network lasso: invalid ADMM options");
  const int p = graph_.nodes > 0 ? objectives_[0]->dim() : 0;
  for (const NodeObjective* f : objectives_)
    if (f->dim() != p) throw UsageError("network lasso: node objectives differ in dimension");
  degree_.assign(graph_.nodes, 0);
  ends_of_node_.assign(graph_.nodes, {});
  for (std::size_t e = 0; e < graph_.edges.size(); ++e) {
    const WeightedEdge& edge = graph_.edges[e];
    if (edge.a < 0 || edge.b < 0 || edge.a >= graph_.nodes || edge.b >= graph_.nodes || edge.a == edge.b ||
        !(edge.weight >= 0.0))
      throw UsageError("network lasso: invalid edge");
    ++degree_[edge.a];
    ++degree_[edge.b];
    ends_of_node_[edge.a].push_back(static_cast<int>(2 * e));
    ends_of_node_[edge.b].push_back(static_cast<int>(2 * e + 1));
  }
  x_.assign(graph_.nodes, Eigen::VectorXd::Zero(p));
  z_.assign(2 * graph_.edges.size(), Eigen::VectorXd::Zero(p));
  u_ = z_;
  z_old_ = z_;
  isolated_solved_.assign(graph_.nodes, false);
}

void NetworkLasso::update_x() {
  for (int i = 0; i < graph_.nodes; ++i) {
    if (degree_[i] == 0) {
      // Nothing couples an isolated node: its model is the local one, whatever lambda is.
      if (!isolated_solved_[i]) x_[i] = objectives_[i]->minimize(), isolated_solved_[i] = true;
      continue;
    }
    Eigen::VectorXd v = Eigen::VectorXd::Zero(x_[i].size());
    for (int end : ends_of_node_[i]) v += z_[end] - u_[end];
    v /= degree_[i];
    x_[i] = objectives_[i]->prox(v, rho_ * degree_[i]);
  }
}

int NetworkLasso::update_z(double lambda) {
  int consensus = 0;
  for (std::size_t e = 0; e < graph_.edges.size(); ++e) {
    const WeightedEdge& edge = graph_.edges[e];
    Eigen::VectorXd& zi = z_[2 * e];
    Eigen::VectorXd& zj = z_[2 * e + 1];
    z_old_[2 * e] = zi;
    z_old_[2 * e + 1] = zj;
    const Eigen::VectorXd a = x_[edge.a] + u_[2 * e];
    const Eigen::VectorXd b = x_[edge.b] + u_[2 * e + 1];
    const double gap = (a - b).norm();
    const double theta = gap > 0.0 ? std::max(1.0 - lambda * edge.weight / (rho_ * gap), 0.5) : 0.5;
    if (theta == 0.5) ++consensus;
    zi = theta * a + (1.0 - theta) * b;
    zj = (1.0 - theta) * a + theta * b;
  }
  return consensus;
}

void NetworkLasso::update_u() {
  for (std::size_t e = 0; e < graph_.edges.size(); ++e) {
    u_[2 * e] += x_[graph_.edges[e].a] - z_[2 * e];
    u_[2 * e + 1] += x_[graph_.edges[e].b] - z_[2 * e + 1];
  }
}

AdmmIterate NetworkLasso::residuals() const {
  double r2 = 0.0, ax2 = 0.0, z2 = 0.0, s2 = 0.0, dual2 = 0.0;
  int coupled = 0;
  for (std::size_t e = 0; e < graph_.edges.size(); ++e) {
    for (int end : {0, 1}) {
      const int node = end == 0 ? graph_.edges[e].a : graph_.edges[e].b;
      r2 += (x_[node] - z_[2 * e + end]).squaredNorm();
      ax2 += x_[node].squaredNorm();
      z2 += z_[2 * e + end].squaredNorm();
    }
  }
  for (int i = 0; i < graph_.nodes; ++i) {
    if (degree_[i] == 0) continue;
    ++coupled;
    Eigen::VectorXd s = Eigen::VectorXd::Zero(x_[i].size()), aty = s;
    for (int end : ends_of_node_[i]) s += z_[end] - z_old_[end], aty += u_[end];
    s2 += rho_ * rho_ * s.squaredNorm();
    dual2 += rho_ * rho_ * aty.squaredNorm();
  }
  const double p = graph_.nodes > 0 ? static_cast<double>(x_[0].size()) : 0.0;
  AdmmIterate it;
  it.primal_residual = std::sqrt(r2);
  it.dual_residual = std::sqrt(s2);
  it.eps_primal = std::sqrt(2.0 * graph_.edges.size() * p) * options_.eps_abs +
                  options_.eps_rel * std::max(std::sqrt(ax2), std::sqrt(z2));
  it.eps_dual = std::sqrt(coupled * p) * options_.eps_abs + options_.eps_rel * std::sqrt(dual2);
  it.rho = rho_;
  return it;
}

AdmmReport NetworkLasso::solve(double lambda) {
  if (lambda < 0.0) throw UsageError("network lasso: lambda must be >= 0");
  AdmmReport report;
  report.lambda = lambda;
  if (graph_.edges.empty()) {  // only isolated nodes: local models, no iteration needed
    update_x();
    report.converged = true;
    report.objective = objective(lambda);
    return report;
  }
  for (int k = 1; k <= options_.max_iterations; ++k) {
    update_x();
    const int consensus = update_z(lambda);
    update_u();
    const AdmmIterate it = residuals();
    report.iterations = k;
    report.last = it;
    report.consensus_fraction = static_cast<double>(consensus) / graph_.edges.size();
    if (options_.record_history) report.history.push_back(it);
    if (it.primal_residual <= it.eps_primal && it.dual_residual <= it.eps_dual) {
      report.converged = true;
      break;
    }
    if (!options_.adapt_rho) continue;
    double scale = 1.0;
    if (it.primal_residual > options_.mu * it.dual_residual) scale = options_.tau;
    if (it.dual_residual > options_.mu * it.primal_residual) scale = 1.0 / options_.tau;
    const double next = std::clamp(rho_ * scale, options_.rho_min, options_.rho_max);
    if (next != rho_) {
      for (Eigen::VectorXd& u : u_) u *= rho_ / next;  // keep the unscaled duals rho u fixed
      rho_ = next;
    }
  }
  report.objective = objective(lambda);
  return report;
}

double NetworkLasso::objective(double lambda) const {
  double total = 0.0;
  for (int i = 0; i < graph_.nodes; ++i) total += objectives_[i]->value(x_[i]);
  for (const WeightedEdge& e : graph_.edges) total += lambda * e.weight * (x_[e.a] - x_[e.b]).norm();
  return total;
}

}  // namespace fedsec::traffic
