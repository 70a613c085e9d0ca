// `mpirun --oversubscribe -np 3 fedsec ...` on this machine: one experiment whose rounds equal the
// in-process run's, and sweeps whose cells rank 0 hands out, writing every cell once, losing only
// the cell of a rank killed mid-cell, which the next run redoes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "cli_support.h"
#include "support/temp_dir.h"

namespace fedsec::testing {
namespace {

namespace fs = std::filesystem;

// In sanitizer builds the ranks run without LeakSanitizer: OpenMPI keeps allocations it never
// frees until exit (ompi_op_base_op_select, its loaded components). Memory errors and undefined
// behaviour are still caught.
const char* kMpirun =
    "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
    "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 mpirun --oversubscribe -np 3 ";

CommandResult run_on_three_ranks(const std::string& args) {
  return run_shell(std::string(kMpirun) + FEDSEC_CLI_PATH + " " + args);
}

// Every key of every round equal, byte counts included, except wall-clock time.
void expect_same_rounds(const fs::path& a, const fs::path& b) {
  const auto x = read_jsonl(a / "rounds.jsonl"), y = read_jsonl(b / "rounds.jsonl");
  ASSERT_EQ(x.size(), 3u);
  ASSERT_EQ(y.size(), x.size());
  for (size_t r = 0; r < x.size(); ++r) {
    std::set<std::string> keys;
    for (const auto& [key, value] : x[r].items()) keys.insert(key);
    for (const auto& [key, value] : y[r].items()) keys.insert(key);
    for (const auto& key : keys) {
      if (key == "wall_seconds") continue;
      EXPECT_EQ(x[r].value(key, nlohmann::json()), y[r].value(key, nlohmann::json()))
          << key << " in round " << r + 1;
    }
  }
}

TEST(MpiCli, ExperimentOnThreeRanksEqualsTheInProcessRun) {
  const fs::path dir = fresh_temp_dir("mpi_cli/run");
  const std::string config = (dir / "tiny.yaml").string();
  std::ofstream(config) << kTinyExperiment;
  for (const std::string transport : {"plain", "channel", "secagg"}) {
    SCOPED_TRACE(transport);
    const fs::path local = dir / (transport + "-local"), ranks = dir / (transport + "-ranks");
    const std::string args = config + " transport.name=" + transport + " --quiet --out ";
    ASSERT_EQ(run_fedsec("run " + args + local.string()).exit_code, 0);
    const CommandResult r = run_on_three_ranks("run " + args + ranks.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    expect_same_rounds(local, ranks);
  }
}

// A sweep of `cells` seeds of the tiny experiment with `rounds` rounds each.
std::string write_sweep(const fs::path& dir, int cells, int rounds) {
  std::ofstream(dir / "tiny.yaml") << "data: {max_train_samples: 300, max_test_samples: 200}\n"
                                   << "model: {name: logreg}\npartition: {name: iid, num_clients: 10}\n"
                                   << "federation: {rounds: " << rounds << ", clients_per_round: 4}\n";
  std::string seeds;
  for (int s = 1; s <= cells; ++s) seeds += (s > 1 ? ", " : "") + std::to_string(s);
  std::ofstream(dir / "sweep.yaml") << "base: tiny.yaml\ngrid: {seed: [" << seeds << "]}\n";
  return (dir / "sweep.yaml").string();
}

std::vector<std::string> result_rows(const fs::path& out) {
  std::vector<std::string> rows;
  std::ifstream in(out / "results.csv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) rows.push_back(line.substr(0, line.find(',')));
  return rows;
}

TEST(MpiCli, SweepOnThreeRanksWritesEveryCellOnceAsOneProcessWould) {
  const fs::path dir = fresh_temp_dir("mpi_cli/sweep");
  const std::string sweep = write_sweep(dir, 5, 2);
  ASSERT_EQ(run_fedsec("sweep " + sweep + " --no-progress --out " + (dir / "one").string()).exit_code, 0);
  const CommandResult r =
      run_on_three_ranks("sweep " + sweep + " --no-progress --out " + (dir / "three").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(result_rows(dir / "three"), result_rows(dir / "one"));
  for (const auto& cell : result_rows(dir / "one")) {
    const auto a = read_jsonl(dir / "one" / "cells" / cell / "rounds.jsonl");
    const auto b = read_jsonl(dir / "three" / "cells" / cell / "rounds.jsonl");
    ASSERT_EQ(a.size(), b.size()) << cell;
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].at("train_loss"), b[i].at("train_loss")) << cell;
  }
}

std::string contents(const fs::path& file) {
  std::ifstream in(file);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// The pid of the process of MPI rank `rank` whose command line mentions `marker`, or 0.
pid_t find_rank(int rank, const std::string& marker) {
  const std::string wanted = "OMPI_COMM_WORLD_RANK=" + std::to_string(rank);
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream environ(entry.path() / "environ"), cmdline(entry.path() / "cmdline");
    const std::string env((std::istreambuf_iterator<char>(environ)), {});
    const std::string cmd((std::istreambuf_iterator<char>(cmdline)), {});
    if (cmd.find(marker) == std::string::npos) continue;
    for (size_t at = 0; at < env.size(); at = env.find('\0', at) + 1) {
      if (env.compare(at, wanted.size() + 1, wanted + '\0') == 0) return static_cast<pid_t>(std::stoi(name));
      if (env.find('\0', at) == std::string::npos) break;
    }
  }
  return 0;
}

TEST(MpiCli, KillingARankMidCellCostsOnlyThatCell) {
  const fs::path dir = fresh_temp_dir("mpi_cli/killed");
  const std::string sweep = write_sweep(dir, 6, 40);
  const fs::path out = dir / "out";
  const std::string args = "sweep " + sweep + " --no-progress --out " + out.string();
  const std::string background = std::string(kMpirun) + FEDSEC_CLI_PATH + " " + args + " > " +
                                 (dir / "first.log").string() + " 2>&1; echo $? > " +
                                 (dir / "first.rc").string();
  std::thread first([&] { std::system(background.c_str()); });

  // Once a cell is complete, kill rank 1 in the middle of its current cell.
  pid_t victim = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    if (result_rows(out).size() >= 1 && (victim = find_rank(1, out.string())) != 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_NE(victim, 0) << "no cell finished, or rank 1 not found";
  ::kill(victim, SIGKILL);
  first.join();
  std::ifstream rc_file(dir / "first.rc");
  int rc = 0;
  rc_file >> rc;
  EXPECT_NE(rc, 0) << "the launcher reports the killed rank";

  std::map<std::string, std::string> finished;  // cell -> its summary.json, as first written
  for (const auto& cell : result_rows(out)) finished[cell] = contents(out / "cells" / cell / "summary.json");
  ASSERT_GE(finished.size(), 1u);
  ASSERT_LT(finished.size(), 6u) << "the killed rank's cell cannot have finished";

  const CommandResult second = run_on_three_ranks(args);
  ASSERT_EQ(second.exit_code, 0) << second.output;
  const auto rows = result_rows(out);
  EXPECT_EQ(rows.size(), 6u);
  EXPECT_EQ(std::set<std::string>(rows.begin(), rows.end()).size(), 6u) << "no cell twice";
  for (const auto& [cell, summary] : finished)
    EXPECT_EQ(contents(out / "cells" / cell / "summary.json"), summary) << cell << " was redone";
}

}  // namespace
}  // namespace fedsec::testing
