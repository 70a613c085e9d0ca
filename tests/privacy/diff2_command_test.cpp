// `fedsec diff2` through CLI11, without the rest of the executable: cli/diff2_command.cpp is
// compiled into this test. Runs tiny synthetic experiments and sweeps.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "fl/atomic_file.h"
#include "fl/errors.h"
#include "fl/idx_file.h"
#include "support/temp_dir.h"

namespace fedsec::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// 4000 records of 6 features on 4 nodes, 30 rounds: a few milliseconds.
const char* kTinyConfig =
    "seed: 3\n"
    "data: {name: synthetic, samples: 4000, features: 6}\n"
    "nodes: 4\n"
    "diff2: {rounds: 30, restart_interval: 10, lr: 0.25, clip1: 1, clip2: 0.3, eval_every: 10}\n"
    "privacy: {epsilon: 5, delta: 1e-5}\n";

std::string write(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
  return path.string();
}

// Runs `fedsec diff2 ARGS...` and returns what it printed on stdout.
std::string run_diff2(std::vector<std::string> args) {
  CLI::App app{"fedsec"};
  add_diff2_command(app);
  args.insert(args.begin(), "diff2");
  args.push_back("--quiet");
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

std::vector<nlohmann::json> read_jsonl(const fs::path& path) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(Diff2Command, WritesRoundsAndSummaryWithAccountedEpsilon) {
  const fs::path dir = testing::fresh_temp_dir("diff2_command/run");
  const std::string config = write(dir / "c.yaml", kTinyConfig);
  run_diff2({config, "--out", (dir / "out").string()});
  const auto rounds = read_jsonl(dir / "out" / "rounds.jsonl");
  ASSERT_EQ(rounds.size(), 4u);  // rounds 0, 10, 20, 30
  double previous_epsilon = -1;
  for (size_t i = 0; i < rounds.size(); ++i) {
    EXPECT_EQ(rounds[i]["round"], 10 * static_cast<int>(i));
    EXPECT_GT(rounds[i]["train_loss"].get<double>(), 0.0);
    EXPECT_GT(rounds[i]["grad_norm"].get<double>(), 0.0);
    EXPECT_GT(rounds[i]["epsilon"].get<double>(), previous_epsilon);
    previous_epsilon = rounds[i]["epsilon"].get<double>();
  }
  EXPECT_EQ(rounds[0]["epsilon"].get<double>(), 0.0);
  const auto summary = nlohmann::json::parse(fl::read_file((dir / "out" / "summary.json").string()));
  EXPECT_EQ(summary["n_min"], 1000);
  EXPECT_EQ(summary["accountant"], "rdp");
  EXPECT_EQ(summary["epsilon"].get<double>(), previous_epsilon);
  EXPECT_LT(summary["epsilon"].get<double>(), 5.0);
  EXPECT_LE(summary["epsilon_single_order"].get<double>(), 5.0);
  EXPECT_EQ(summary["final_train_loss"], rounds.back()["train_loss"]);
  EXPECT_LT(summary["final_train_loss"].get<double>(), rounds[0]["train_loss"].get<double>());
}

TEST(Diff2Command, NonPrivateRunHasNoEpsilon) {
  const fs::path dir = testing::fresh_temp_dir("diff2_command/gd");
  const std::string config = write(dir / "c.yaml", kTinyConfig);
  run_diff2({config, "privacy.enabled=false", "--out", (dir / "out").string()});
  const auto summary = nlohmann::json::parse(fl::read_file((dir / "out" / "summary.json").string()));
  EXPECT_TRUE(summary["epsilon"].is_null());
  EXPECT_FALSE(summary.contains("epsilon_target"));
}

TEST(Diff2Command, SweepWritesOneRowPerCellAndResumes) {
  const fs::path dir = testing::fresh_temp_dir("diff2_command/sweep");
  write(dir / "base.yaml", kTinyConfig);
  const std::string sweep = write(dir / "s.yaml",
                                  "base: base.yaml\n"
                                  "overrides: {diff2.rounds: 20}\n"
                                  "grid: {privacy.epsilon: [3, 5]}\n"
                                  "zip: {diff2.restart_interval: [1, 10]}\n");
  const std::string out = (dir / "out").string();
  EXPECT_THAT(run_diff2({"--sweep", sweep, "--out", out}), HasSubstr("ran: 4, failed: 0"));
  const std::string csv = fl::read_file(out + "/results.csv");
  std::istringstream lines(csv);
  std::string header, line;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("cell,privacy.epsilon,diff2.restart_interval,data,restart_interval,", 0), 0u)
      << header;
  int rows = 0;
  while (std::getline(lines, line)) ++rows;
  EXPECT_EQ(rows, 4);
  EXPECT_THAT(run_diff2({"--sweep", sweep, "--out", out}), HasSubstr("already done: 4, ran: 0"));
  EXPECT_EQ(fl::read_file(out + "/results.csv"), csv);
}

template <typename Error>
void expect_error(const std::vector<std::string>& args, const std::string& fragment) {
  try {
    run_diff2(args);
    ADD_FAILURE() << "expected an error containing '" << fragment << "'";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr(fragment));
  }
}

TEST(Diff2Command, BadInputIsAUsageErrorNamingTheProblem) {
  const fs::path dir = testing::fresh_temp_dir("diff2_command/bad");
  const std::string out = (dir / "out").string();
  const std::string typo = write(dir / "typo.yaml", "diff2: {restart_intervall: 5}\n");
  expect_error<UsageError>({typo, "--out", out},
                           "unknown key 'diff2.restart_intervall'; did you mean 'diff2.restart_interval'?");
  const std::string config = write(dir / "c.yaml", kTinyConfig);
  expect_error<UsageError>({config, "privacy.epsilon=0", "--out", out},
                           "'privacy.epsilon' = 0 is out of range");
  expect_error<UsageError>({config, "nodes=5000", "--out", out}, "cannot deal 4000 records to 5000 nodes");
  expect_error<UsageError>({"--out", out}, "either a CONFIG file or --sweep");
  const std::string sweep = write(dir / "s.yaml", "base: c.yaml\ngrid: {diff2.lrr: [1]}\n");
  expect_error<UsageError>({"--sweep", sweep, "--out", out}, "did you mean 'diff2.lr'?");
}

TEST(Diff2Command, MissingDataFileIsARuntimeErrorNamingTheFile) {
  const fs::path dir = testing::fresh_temp_dir("diff2_command/data");
  const std::string config =
      write(dir / "c.yaml", "data: {name: fashion_mnist, train_images: /nonexistent/x.gz}\n");
  expect_error<fl::DataFileError>({config, "--out", (dir / "out").string()}, "/nonexistent/x.gz");
}

}  // namespace
}  // namespace fedsec::cli
