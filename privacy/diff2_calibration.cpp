#include "privacy/diff2_calibration.h"

#include <cmath>
#include <string>

#include "fl/errors.h"

namespace fedsec::privacy {
namespace {

void require(bool ok, const std::string& what, double value) {
  if (!ok) throw UsageError("DIFF2 calibration: " + what + ", got " + std::to_string(value));
}

}  // namespace

Diff2Calibration calibrate_diff2(double epsilon, double delta, int64_t rounds, int64_t restart_interval,
                                 int64_t n_min, int64_t nodes, double budget_split) {
  require(epsilon > 0 && std::isfinite(epsilon), "epsilon must be a positive number", epsilon);
  require(delta > 0 && delta < 1, "delta must be in (0, 1)", delta);
  require(rounds >= 1, "rounds must be >= 1", static_cast<double>(rounds));
  require(restart_interval >= 1, "the restart interval T must be >= 1",
          static_cast<double>(restart_interval));
  require(n_min >= 1, "the smallest node size must be >= 1", static_cast<double>(n_min));
  require(nodes >= 1, "the number of nodes must be >= 1", static_cast<double>(nodes));
  require(budget_split > 1, "the budget split u must be > 1", budget_split);

  Diff2Calibration c;
  c.alpha = 1.0 + std::ceil(2.0 * std::log(1.0 / delta) / epsilon);
  c.restart_rounds = (rounds + restart_interval - 1) / restart_interval;
  c.difference_rounds = rounds - c.restart_rounds;
  const double scale = static_cast<double>(n_min) * static_cast<double>(nodes);
  const double base = 4.0 * c.alpha / (scale * scale * epsilon);
  const double u = restart_interval == 1 ? 1.0 : budget_split;
  c.sigma1 = std::sqrt(base * u * static_cast<double>(c.restart_rounds));
  if (restart_interval > 1)
    c.sigma2 = std::sqrt(base * budget_split * static_cast<double>(rounds) / (budget_split - 1.0));
  c.z1 = c.sigma1 * scale / 2.0;
  c.z2 = c.sigma2 * scale / 2.0;
  return c;
}

EpsilonResult diff2_accounted_epsilon(const Diff2Calibration& c, int64_t restart_releases,
                                      int64_t difference_releases, double delta,
                                      const std::string& accountant) {
  auto acc = make_accountant(accountant);
  if (restart_releases > 0) acc->step(c.z1, 1.0, restart_releases);
  if (difference_releases > 0) acc->step(c.z2, 1.0, difference_releases);
  return acc->epsilon(delta);
}

double diff2_single_order_epsilon(const Diff2Calibration& c, int64_t restart_releases,
                                  int64_t difference_releases, double delta) {
  if (restart_releases + difference_releases == 0) return 0;
  double rdp = 0;
  if (restart_releases > 0) rdp += static_cast<double>(restart_releases) * c.alpha / (2.0 * c.z1 * c.z1);
  if (difference_releases > 0)
    rdp += static_cast<double>(difference_releases) * c.alpha / (2.0 * c.z2 * c.z2);
  return rdp + std::log(1.0 / delta) / (c.alpha - 1.0);
}

}  // namespace fedsec::privacy
