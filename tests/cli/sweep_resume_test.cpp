// A sweep killed with SIGKILL at any moment and run again loses no finished cell, duplicates
// none, and never leaves results.csv torn.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include "cli_support.h"
#include "fl/atomic_file.h"

namespace fedsec::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Checks results.csv is a header plus whole, distinct rows; returns the set of cell names.
std::set<std::string> check_results(const fs::path& csv, size_t columns) {
  std::set<std::string> cells;
  if (!fs::exists(csv)) return cells;
  const auto text = fl::read_file(csv.string());
  EXPECT_TRUE(text.empty() || text.back() == '\n') << "torn results.csv";
  const auto lines = lines_of(text);
  EXPECT_FALSE(lines.empty());
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(std::count(lines[i].begin(), lines[i].end(), ',')) + 1, columns)
        << lines[i];
    const auto name = lines[i].substr(0, lines[i].find(','));
    EXPECT_TRUE(cells.insert(name).second) << "duplicate row for " << name;
  }
  return cells;
}

pid_t spawn_fedsec(const std::vector<std::string>& args) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> argv{const_cast<char*>(FEDSEC_CLI_PATH)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::freopen("/dev/null", "w", stdout);
    ::freopen("/dev/null", "w", stderr);
    ::execv(FEDSEC_CLI_PATH, argv.data());
    ::_exit(127);
  }
  return pid;
}

TEST(SweepResume, SigkillAtAnyMomentLosesAndDuplicatesNothing) {
  const auto dir = fs::temp_directory_path() / "fedsec_sweep_kill";
  fs::remove_all(dir);
  write_temp_file("fedsec_sweep_kill", "exp.yaml", kTinyExperiment);
  const auto sweep = write_temp_file("fedsec_sweep_kill", "sweep.yaml",
                                     "base: exp.yaml\n"
                                     "overrides: {federation.rounds: 4}\n"
                                     "grid: {client.lr: [0.01, 0.05, 0.1], seed: [1, 2]}\n");
  const auto out = dir / "out";
  const size_t columns = 1 + 2 + 11;  // cell, the two swept keys, the metrics of docs/results.md
  // Kill at increasing delays; between kills the set of finished cells only grows.
  std::set<std::string> finished;
  for (int delay_ms : {150, 400, 700, 1000, 1300, 1600, 2000}) {
    const pid_t pid = spawn_fedsec({"sweep", sweep, "--out", out.string(), "--no-progress"});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const auto cells = check_results(out / "results.csv", columns);
    for (const auto& c : finished) EXPECT_TRUE(cells.count(c)) << "lost finished cell " << c;
    finished = cells;
  }
  const auto r = run_fedsec("sweep " + sweep + " --out " + out.string() + " --no-progress");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto cells = check_results(out / "results.csv", columns);
  EXPECT_EQ(cells.size(), 6u);

  // The resumed table equals that of an uninterrupted sweep, apart from timing columns.
  const auto clean = dir / "clean";
  ASSERT_EQ(run_fedsec("sweep " + sweep + " --out " + clean.string() + " --no-progress --jobs 2").exit_code,
            0);
  auto strip_timing = [](const std::string& text) {
    std::string out;
    for (auto line : lines_of(text)) {
      for (int i = 0; i < 2; ++i)
        line = line.substr(0, line.rfind(','));  // drop seconds_per_round, wall_seconds
      out += line + "\n";
    }
    return out;
  };
  EXPECT_EQ(strip_timing(fl::read_file((out / "results.csv").string())),
            strip_timing(fl::read_file((clean / "results.csv").string())));
  // A complete sweep re-run skips everything.
  const auto again = run_fedsec("sweep " + sweep + " --out " + out.string() + " --no-progress");
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_THAT(again.output, ::testing::HasSubstr("6 of 6 cells already complete"));
}

TEST(SweepResume, BadCellConfigFailsBeforeAnyCellRuns) {
  const auto dir = fs::temp_directory_path() / "fedsec_sweep_bad";
  fs::remove_all(dir);
  write_temp_file("fedsec_sweep_bad", "exp.yaml", kTinyExperiment);
  const auto sweep =
      write_temp_file("fedsec_sweep_bad", "sweep.yaml", "base: exp.yaml\ngrid: {client.lr: [0.1, -1]}\n");
  const auto r = run_fedsec("sweep " + sweep + " --out " + (dir / "out").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, ::testing::HasSubstr("client.lr"));
  EXPECT_FALSE(fs::exists(dir / "out" / "results.csv"));
}

}  // namespace
}  // namespace fedsec::testing
