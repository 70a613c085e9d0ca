// `fedsec account` through CLI11, without the rest of the executable: cli/account_command.cpp is
// compiled into this test.
#include <gtest/gtest.h>
#include <CLI/CLI.hpp>

#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "fl/errors.h"

namespace fedsec::cli {
namespace {

// Runs `fedsec account ARGS...` and returns what it printed.
std::string run_account(std::vector<std::string> args) {
  CLI::App app{"fedsec"};
  add_account_command(app);
  args.insert(args.begin(), "account");
  std::reverse(args.begin(), args.end());  // CLI11 consumes the vector from the back
  std::ostringstream captured;
  std::streambuf* const saved = std::cout.rdbuf(captured.rdbuf());
  try {
    app.parse(args);
  } catch (...) {
    std::cout.rdbuf(saved);
    throw;
  }
  std::cout.rdbuf(saved);
  return captured.str();
}

TEST(AccountCommand, PrintsEpsilonAndBestOrder) {
  const std::string out =
      run_account({"--q", "0.004266666666666667", "--sigma", "1.1", "--steps", "14063", "--delta", "1e-5"});
  EXPECT_EQ(out, "accountant: rdp\nepsilon: 2.59666\ndelta: 1e-05\nbest_order: 8.1\n");
}

TEST(AccountCommand, PldAccountantAndJson) {
  const std::string out = run_account({"--q", "0.004266666666666667", "--sigma", "1.1", "--steps", "14063",
                                       "--delta", "1e-5", "--accountant", "pld", "--json"});
  EXPECT_EQ(out.rfind("{\"accountant\": \"pld\", \"q\": 0.004266666667, \"steps\": 14063, \"delta\": 1e-05, "
                      "\"sigma\": 1.1, \"epsilon\": 2.3817",
                      0),
            0u)
      << out;
  EXPECT_EQ(out.find("best_order"), std::string::npos);
}

TEST(AccountCommand, TargetEpsilonPrintsCalibratedSigma) {
  const std::string out =
      run_account({"--q", "0.01", "--target-eps", "1.0", "--steps", "1000", "--delta", "1e-5"});
  EXPECT_EQ(out.rfind("accountant: rdp\nsigma: ", 0), 0u) << out;
  const std::string json =
      run_account({"--q", "0.01", "--target-eps", "1.0", "--steps", "1000", "--delta", "1e-5", "--json"});
  EXPECT_NE(json.find("\"target_epsilon\": 1,"), std::string::npos) << json;
}

// The epsilon that `fedsec account ... --json` printed.
double json_epsilon(const std::string& out) {
  const size_t at = out.find("\"epsilon\": ");
  EXPECT_NE(at, std::string::npos) << out;
  return std::stod(out.substr(at + 11));
}

TEST(AccountCommand, PhasesComposeInOrder) {
  for (const std::string accountant : {"rdp", "pld"}) {
    SCOPED_TRACE(accountant);
    const std::vector<std::string> tail = {"--delta", "1e-5", "--accountant", accountant, "--json"};
    auto with_tail = [&](std::vector<std::string> head) {
      head.insert(head.end(), tail.begin(), tail.end());
      return head;
    };
    // Two phases of the same (q, sigma) are one phase of their summed steps.
    const double whole =
        json_epsilon(run_account(with_tail({"--q", "0.01", "--sigma", "1.1", "--steps", "1000"})));
    const double split =
        json_epsilon(run_account(with_tail({"--phase", "0.01:1.1:600", "--phase", "0.01:1.1:400"})));
    EXPECT_NEAR(split, whole, 1e-9 * whole);
    // A noisier second phase costs less than continuing at the first phase's noise, more than stopping.
    const double first = json_epsilon(run_account(with_tail({"--phase", "0.01:1.1:600"})));
    const double mixed =
        json_epsilon(run_account(with_tail({"--phase", "0.01:1.1:600", "--phase", "0.01:2.0:400"})));
    EXPECT_GT(mixed, first);
    EXPECT_LT(mixed, whole);
  }
  const std::string text =
      run_account({"--phase", "0.01:1.1:600", "--phase", "0.02:2:400", "--delta", "1e-5"});
  EXPECT_EQ(
      text.rfind("accountant: rdp\nphase: q 0.01, sigma 1.1, 600 steps\nphase: q 0.02, sigma 2, 400 steps\n"
                 "epsilon: ",
                 0),
      0u)
      << text;
}

void expect_usage_error(const std::vector<std::string>& args, const std::string& fragment) {
  try {
    run_account(args);
    ADD_FAILURE() << "expected UsageError containing '" << fragment << "'";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(AccountCommand, InvalidArgumentsAreUsageErrorsNamingTheArgument) {
  const std::vector<std::string> ok_rest = {"--steps", "100", "--delta", "1e-5"};
  auto with = [&](std::vector<std::string> head) {
    head.insert(head.end(), ok_rest.begin(), ok_rest.end());
    return head;
  };
  expect_usage_error(with({"--q", "0", "--sigma", "1"}), "--q must be in (0, 1]");
  expect_usage_error(with({"--q", "1.5", "--sigma", "1"}), "--q must be in (0, 1]");
  expect_usage_error(with({"--q", "abc", "--sigma", "1"}), "--q must be a finite number, got 'abc'");
  expect_usage_error(with({"--q", "0.01", "--sigma", "0"}), "--sigma must be > 0");
  expect_usage_error(with({"--q", "0.01", "--sigma", "-2"}), "--sigma must be > 0");
  expect_usage_error(with({"--q", "0.01", "--sigma", "1x"}), "--sigma must be a finite number");
  expect_usage_error(with({"--q", "0.01", "--sigma", "1", "--accountant", "prv"}),
                     "unknown accountant 'prv'");
  expect_usage_error(with({"--q", "0.01"}), "exactly one of --sigma and --target-eps");
  expect_usage_error(with({"--q", "0.01", "--sigma", "1", "--target-eps", "2"}),
                     "exactly one of --sigma and --target-eps");
  expect_usage_error(with({"--q", "0.01", "--target-eps", "-1"}), "--target-eps must be > 0");
  expect_usage_error({"--q", "0.01", "--sigma", "1", "--steps", "0", "--delta", "1e-5"},
                     "--steps must be a whole number >= 1");
  expect_usage_error({"--q", "0.01", "--sigma", "1", "--steps", "2.5", "--delta", "1e-5"},
                     "--steps must be a whole number");
  expect_usage_error({"--q", "0.01", "--sigma", "1", "--steps", "100", "--delta", "1"},
                     "--delta must be in (0, 1)");
  expect_usage_error({"--q", "0.01", "--sigma", "1", "--steps", "100", "--delta", "nan"},
                     "--delta must be a finite number");
  expect_usage_error({"--q", "0.01", "--sigma", "1", "--delta", "1e-5"}, "--steps is required");
  expect_usage_error({"--sigma", "1", "--steps", "100", "--delta", "1e-5"},
                     "--q (sampling rate) is required");
  expect_usage_error({"--q", "0.01", "--sigma", "1", "--steps", "100"}, "--delta is required");
  expect_usage_error({"--phase", "0.01:1", "--delta", "1e-5"}, "--phase 0.01:1: expected Q:SIGMA:STEPS");
  expect_usage_error({"--phase", "0.01:1:5:6", "--delta", "1e-5"}, "expected Q:SIGMA:STEPS");
  expect_usage_error({"--phase", "2:1:100", "--delta", "1e-5"}, "--phase 2:1:100: Q must be in (0, 1]");
  expect_usage_error({"--phase", "0.01:0:100", "--delta", "1e-5"}, "SIGMA must be > 0");
  expect_usage_error({"--phase", "0.01:1:0", "--delta", "1e-5"}, "STEPS must be a whole number >= 1");
  expect_usage_error({"--phase", "0.01:1:100"}, "--delta is required");
  expect_usage_error({"--phase", "0.01:1:100", "--q", "0.01", "--delta", "1e-5"},
                     "--phase replaces --q, --sigma, --steps and --target-eps");
}

}  // namespace
}  // namespace fedsec::cli
