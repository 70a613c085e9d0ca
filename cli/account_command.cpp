// `fedsec account`: epsilon of the Poisson-subsampled Gaussian mechanism for (q, sigma, steps, delta),
// or, with --target-eps, the smallest sigma that meets (target, delta).
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "fl/errors.h"
#include "privacy/accountant.h"
#include "privacy/calibration.h"

namespace fedsec::cli {
namespace {

struct AccountOptions {
  std::string q, sigma, target_eps, steps, delta;
  std::string accountant = "rdp";
  bool json = false;
};

double parse_number(const std::string& text, const std::string& option) {
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(begin, &end);
  if (text.empty() || end != begin + text.size() || errno == ERANGE || !std::isfinite(value))
    throw UsageError(option + " must be a finite number, got '" + text + "'");
  return value;
}

std::int64_t parse_steps(const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(begin, &end, 10);
  if (text.empty() || end != begin + text.size() || errno == ERANGE || value < 1)
    throw UsageError("--steps must be a whole number >= 1, got '" + text + "'");
  return value;
}

std::string format(double value, int digits) {
  if (std::isinf(value)) return "inf";
  std::ostringstream out;
  out << std::setprecision(digits) << value;
  return out.str();
}

std::string json_number(double value) { return std::isfinite(value) ? format(value, 10) : "null"; }

void run_account(const AccountOptions& o) {
  if (o.q.empty()) throw UsageError("--q (sampling rate) is required");
  if (o.steps.empty()) throw UsageError("--steps is required");
  if (o.delta.empty()) throw UsageError("--delta is required");
  if (o.sigma.empty() == o.target_eps.empty())
    throw UsageError("give exactly one of --sigma and --target-eps");
  const double q = parse_number(o.q, "--q");
  if (!(q > 0 && q <= 1)) throw UsageError("--q must be in (0, 1], got " + o.q);
  const std::int64_t steps = parse_steps(o.steps);
  const double delta = parse_number(o.delta, "--delta");
  if (!(delta > 0 && delta < 1)) throw UsageError("--delta must be in (0, 1), got " + o.delta);
  std::unique_ptr<privacy::Accountant> accountant = privacy::make_accountant(o.accountant);

  double sigma = 0;
  std::optional<double> target;
  privacy::EpsilonResult result;
  if (!o.sigma.empty()) {
    sigma = parse_number(o.sigma, "--sigma");
    if (!(sigma > 0)) throw UsageError("--sigma must be > 0, got " + o.sigma);
    accountant->step(sigma, q, steps);
    result = accountant->epsilon(delta);
  } else {
    target = parse_number(o.target_eps, "--target-eps");
    if (!(*target > 0)) throw UsageError("--target-eps must be > 0, got " + o.target_eps);
    const privacy::CalibrationResult calibrated =
        privacy::calibrate_noise_multiplier(*target, delta, q, steps, o.accountant);
    sigma = calibrated.noise_multiplier;
    result.epsilon = calibrated.epsilon;
  }

  if (o.json) {
    std::cout << "{\"accountant\": \"" << o.accountant << "\", \"q\": " << json_number(q)
              << ", \"steps\": " << steps << ", \"delta\": " << json_number(delta)
              << ", \"sigma\": " << json_number(sigma);
    if (target) std::cout << ", \"target_epsilon\": " << json_number(*target);
    std::cout << ", \"epsilon\": " << json_number(result.epsilon);
    if (result.best_order) std::cout << ", \"best_order\": " << json_number(*result.best_order);
    std::cout << "}\n";
    return;
  }
  std::cout << "accountant: " << o.accountant << "\n";
  if (target) std::cout << "sigma: " << format(sigma, 6) << "\n";
  std::cout << "epsilon: " << format(result.epsilon, 6) << "\n";
  std::cout << "delta: " << format(delta, 6) << "\n";
  if (result.best_order) std::cout << "best_order: " << format(*result.best_order, 6) << "\n";
}

}  // namespace

void add_account_command(CLI::App& app) {
  auto options = std::make_shared<AccountOptions>();
  auto* account = app.add_subcommand(
      "account",
      "Privacy accounting for the Poisson-subsampled Gaussian mechanism: epsilon for --q --sigma --steps "
      "--delta, or the calibrated sigma for --target-eps instead of --sigma");
  account->add_option("--q", options->q, "Poisson sampling rate, in (0, 1]");
  account->add_option("--sigma", options->sigma, "Noise multiplier (noise std / L2 sensitivity), > 0");
  account->add_option("--target-eps", options->target_eps,
                      "Target epsilon: print the smallest sigma meeting it");
  account->add_option("--steps", options->steps, "Number of steps (releases), >= 1");
  account->add_option("--delta", options->delta, "Target delta, in (0, 1)");
  account->add_option("--accountant", options->accountant, "rdp (default) or pld");
  account->add_flag("--json", options->json, "Print one JSON object");
  account->callback([options] { run_account(*options); });
}

}  // namespace fedsec::cli
