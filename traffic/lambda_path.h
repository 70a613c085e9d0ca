#pragma once
// The regularisation path of network lasso (Hallac et al. 2015, section 5): lambda = 0 (local
// models), then a geometric sequence, each solve warm-started from the previous one, until every
// edge is in consensus (one shared model: the centralised end of the path) or the step cap.

#include <functional>
#include <vector>

#include <Eigen/Dense>

#include "traffic/network_lasso.h"

namespace fedsec::traffic {

struct LambdaPathOptions {
  double start = 1e-3;  // first lambda after 0
  double factor = 1.5;  // ratio of consecutive lambdas
  int max_steps = 40;   // lambdas after 0
};

struct PathPoint {
  AdmmReport report;               // lambda, iterations, residuals, consensus share
  std::vector<Eigen::VectorXd> x;  // the node models at this lambda
  double seconds = 0.0;            // wall time of this solve
};

// Runs the path on `solver` (whose state it advances). The last point is the first with every
// edge in consensus, or the max_steps-th. Calls on_point, when set, after each solve. Throws
// UsageError for start <= 0 or factor <= 1.
std::vector<PathPoint> run_lambda_path(NetworkLasso& solver, const LambdaPathOptions& options,
                                       const std::function<void(const PathPoint&)>& on_point = {});

}  // namespace fedsec::traffic
