#include "traffic/lambda_path.h"

#include <chrono>

#include "fl/errors.h"

namespace fedsec::traffic {

std::vector<PathPoint> run_lambda_path(NetworkLasso& solver, const LambdaPathOptions& options,
                                       const std::function<void(const PathPoint&)>& on_point) {
  if (!(options.start > 0.0) || !(options.factor > 1.0) || options.max_steps < 0)
    throw UsageError("lambda path: start must be > 0, factor > 1 and max_steps >= 0");
  std::vector<PathPoint> path;
  double lambda = 0.0;
  for (int step = 0; step <= options.max_steps; ++step) {
    PathPoint point;
    const auto start = std::chrono::steady_clock::now();
    point.report = solver.solve(lambda);
    point.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    point.x = solver.x();
    path.push_back(std::move(point));
    if (on_point) on_point(path.back());
    if (lambda > 0.0 && path.back().report.consensus_fraction == 1.0) break;
    lambda = step == 0 ? options.start : lambda * options.factor;
  }
  return path;
}

}  // namespace fedsec::traffic
