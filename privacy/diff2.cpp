#include "privacy/diff2.h"

#include <cmath>
#include <stdexcept>

#include "privacy/diff2_noise.h"

namespace fedsec::privacy {
namespace {

// The average over nodes of their messages, with the round's noise of standard deviation stddev
// placed as the options say.
Eigen::VectorXd noisy_average(std::vector<Diff2Node>& nodes, const Diff2Options& options, int64_t round,
                              double stddev, const std::function<Eigen::VectorXd(Diff2Node&)>& message) {
  const double p = static_cast<double>(nodes.size());
  Eigen::VectorXd sum;
  for (size_t i = 0; i < nodes.size(); ++i) {
    Eigen::VectorXd m = message(nodes[i]);
    if (options.noise == NoisePlacement::kDistributed)
      add_gaussian_noise(m, stddev * std::sqrt(p), options.seed, round, static_cast<int64_t>(i) + 1);
    if (i == 0)
      sum = std::move(m);
    else
      sum += m;
  }
  Eigen::VectorXd average = sum / p;
  if (options.noise == NoisePlacement::kCentral) add_gaussian_noise(average, stddev, options.seed, round, 0);
  return average;
}

}  // namespace

Eigen::VectorXd run_diff2_gd(std::vector<Diff2Node>& nodes, Eigen::VectorXd x0, const Diff2Options& options,
                             const Diff2Observer& observer) {
  if (options.rounds < 1 || options.restart_interval < 1 || nodes.empty() || !(options.clip1 >= 0) ||
      !(options.clip2 >= 0) || !(options.sigma1 >= 0) || !(options.sigma2 >= 0))
    throw std::invalid_argument("run_diff2_gd: invalid options");
  Eigen::VectorXd x = std::move(x0);
  Eigen::VectorXd x_prev = x;
  Eigen::VectorXd v = Eigen::VectorXd::Zero(x.size());
  for (int64_t r = 1; r <= options.rounds; ++r) {
    Diff2Step step;
    step.round = r;
    step.restart = (r - 1) % options.restart_interval == 0;
    if (step.restart) {
      const double c1 = options.clip1;
      step.noise_stddev = options.sigma1 == 0 ? 0 : options.sigma1 * c1;
      v = noisy_average(nodes, options, r, step.noise_stddev,
                        [&](Diff2Node& node) { return node.clipped_gradient_mean(x, c1); });
    } else {
      const double c2 = std::isinf(options.clip2) ? options.clip2 : options.clip2 * (x - x_prev).norm();
      step.noise_stddev = options.sigma2 == 0 ? 0 : options.sigma2 * c2;
      v += noisy_average(nodes, options, r, step.noise_stddev,
                         [&](Diff2Node& node) { return node.clipped_difference_mean(x, x_prev, c2); });
    }
    x_prev = x;
    x -= options.lr * v;
    if (observer && !observer(step, x)) break;
  }
  return x;
}

}  // namespace fedsec::privacy
