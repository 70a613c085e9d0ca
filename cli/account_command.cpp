// `fedsec account`: epsilon of the Poisson-subsampled Gaussian mechanism for (q, sigma, steps, delta),
// or, with --target-eps, the smallest sigma that meets (target, delta), or, with --phase given once
// per phase, the epsilon of phases of different (q, sigma) run one after another.
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
#include <vector>

#include "cli/commands.h"
#include "fl/errors.h"
#include "privacy/accountant.h"
#include "privacy/calibration.h"

namespace fedsec::cli {
namespace {

struct AccountOptions {
  std::string q, sigma, target_eps, steps, delta;
  std::vector<std::string> phases;  // each "Q:SIGMA:STEPS"
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

std::int64_t parse_steps(const std::string& text, const std::string& option = "--steps") {
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(begin, &end, 10);
  if (text.empty() || end != begin + text.size() || errno == ERANGE || value < 1)
    throw UsageError(option + " must be a whole number >= 1, got '" + text + "'");
  return value;
}

double parse_rate(const std::string& text, const std::string& option) {
  const double q = parse_number(text, option);
  if (!(q > 0 && q <= 1)) throw UsageError(option + " must be in (0, 1], got " + text);
  return q;
}

double parse_sigma(const std::string& text, const std::string& option) {
  const double sigma = parse_number(text, option);
  if (!(sigma > 0)) throw UsageError(option + " must be > 0, got " + text);
  return sigma;
}

// One run of steps at one (q, sigma).
struct Phase {
  double q = 0, sigma = 0;
  std::int64_t steps = 0;
};

// "Q:SIGMA:STEPS", each part checked as --q, --sigma and --steps are.
Phase parse_phase(const std::string& text) {
  const std::string option = "--phase " + text;
  const size_t first = text.find(':'),
               second = first == std::string::npos ? first : text.find(':', first + 1);
  if (second == std::string::npos || text.find(':', second + 1) != std::string::npos)
    throw UsageError(option + ": expected Q:SIGMA:STEPS, e.g. 0.01:1.1:1000");
  Phase p;
  p.q = parse_rate(text.substr(0, first), option + ": Q");
  p.sigma = parse_sigma(text.substr(first + 1, second - first - 1), option + ": SIGMA");
  p.steps = parse_steps(text.substr(second + 1), option + ": STEPS");
  return p;
}

std::string format(double value, int digits) {
  if (std::isinf(value)) return "inf";
  std::ostringstream out;
  out << std::setprecision(digits) << value;
  return out.str();
}

std::string json_number(double value) { return std::isfinite(value) ? format(value, 10) : "null"; }

double parse_delta(const AccountOptions& o) {
  if (o.delta.empty()) throw UsageError("--delta is required");
  const double delta = parse_number(o.delta, "--delta");
  if (!(delta > 0 && delta < 1)) throw UsageError("--delta must be in (0, 1), got " + o.delta);
  return delta;
}

void print_epsilon(const privacy::EpsilonResult& result, double delta) {
  std::cout << "epsilon: " << format(result.epsilon, 6) << "\n";
  std::cout << "delta: " << format(delta, 6) << "\n";
  if (result.best_order) std::cout << "best_order: " << format(*result.best_order, 6) << "\n";
}

// The phases composed in order on one accountant.
void run_phases(const AccountOptions& o) {
  if (!o.q.empty() || !o.sigma.empty() || !o.steps.empty() || !o.target_eps.empty())
    throw UsageError("--phase replaces --q, --sigma, --steps and --target-eps; give one or the other");
  std::vector<Phase> phases;
  for (const std::string& text : o.phases) phases.push_back(parse_phase(text));
  const double delta = parse_delta(o);
  std::unique_ptr<privacy::Accountant> accountant = privacy::make_accountant(o.accountant);
  for (const Phase& p : phases) accountant->step(p.sigma, p.q, p.steps);
  const privacy::EpsilonResult result = accountant->epsilon(delta);
  if (o.json) {
    std::cout << "{\"accountant\": \"" << o.accountant << "\", \"phases\": [";
    for (size_t i = 0; i < phases.size(); ++i)
      std::cout << (i ? ", " : "") << "{\"q\": " << json_number(phases[i].q)
                << ", \"sigma\": " << json_number(phases[i].sigma) << ", \"steps\": " << phases[i].steps
                << "}";
    std::cout << "], \"delta\": " << json_number(delta) << ", \"epsilon\": " << json_number(result.epsilon);
    if (result.best_order) std::cout << ", \"best_order\": " << json_number(*result.best_order);
    std::cout << "}\n";
    return;
  }
  std::cout << "accountant: " << o.accountant << "\n";
  for (const Phase& p : phases)
    std::cout << "phase: q " << format(p.q, 6) << ", sigma " << format(p.sigma, 6) << ", " << p.steps
              << " steps\n";
  print_epsilon(result, delta);
}

void run_account(const AccountOptions& o) {
  if (!o.phases.empty()) {
    run_phases(o);
    return;
  }
  if (o.q.empty()) throw UsageError("--q (sampling rate) is required");
  if (o.steps.empty()) throw UsageError("--steps is required");
  if (o.delta.empty()) throw UsageError("--delta is required");
  if (o.sigma.empty() == o.target_eps.empty())
    throw UsageError("give exactly one of --sigma and --target-eps");
  const double q = parse_rate(o.q, "--q");
  const std::int64_t steps = parse_steps(o.steps);
  const double delta = parse_delta(o);
  std::unique_ptr<privacy::Accountant> accountant = privacy::make_accountant(o.accountant);

  double sigma = 0;
  std::optional<double> target;
  privacy::EpsilonResult result;
  if (!o.sigma.empty()) {
    sigma = parse_sigma(o.sigma, "--sigma");
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
  print_epsilon(result, delta);
}

}  // namespace

void add_account_command(CLI::App& app) {
  auto options = std::make_shared<AccountOptions>();
  auto* account = app.add_subcommand(
      "account",
      "Privacy accounting for the Poisson-subsampled Gaussian mechanism: epsilon for --q --sigma --steps "
      "--delta, the calibrated sigma for --target-eps instead of --sigma, or epsilon for phases run one "
      "after another, each --phase Q:SIGMA:STEPS");
  account->add_option("--q", options->q, "Poisson sampling rate, in (0, 1]");
  account->add_option("--sigma", options->sigma, "Noise multiplier (noise std / L2 sensitivity), > 0");
  account->add_option("--target-eps", options->target_eps,
                      "Target epsilon: print the smallest sigma meeting it");
  account->add_option("--steps", options->steps, "Number of steps (releases), >= 1");
  account->add_option("--delta", options->delta, "Target delta, in (0, 1)");
  account
      ->add_option("--phase", options->phases,
                   "Q:SIGMA:STEPS, once per phase (instead of --q, --sigma, --steps): the phases compose")
      ->take_all();
  account->add_option("--accountant", options->accountant, "rdp (default) or pld");
  account->add_flag("--json", options->json, "Print one JSON object");
  account->callback([options] { run_account(*options); });
}

}  // namespace fedsec::cli
