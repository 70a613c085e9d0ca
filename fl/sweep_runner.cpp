#include "fl/sweep_runner.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "fl/atomic_file.h"
#include "fl/experiment.h"
#include "fl/progress.h"

namespace fedsec::fl {
namespace fs = std::filesystem;
namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string metric_text(const nlohmann::json& summary, const std::string& key) {
  if (!summary.contains(key)) return "";
  const auto& v = summary[key];
  if (v.is_number_float()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v.get<double>());
    return text;
  }
  return v.dump();
}

// A cell is complete when its summary.json exists and parses.
bool read_summary(const fs::path& cell_dir, nlohmann::json& summary) {
  const fs::path file = cell_dir / "summary.json";
  if (!fs::exists(file)) return false;
  try {
    summary = nlohmann::json::parse(read_file(file.string()));
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

void write_results(const SweepPlan& plan, const std::vector<std::string>& columns, const fs::path& out) {
  std::string csv = "cell";
  for (const auto& key : plan.swept_keys) csv += "," + csv_field(key);
  for (const auto& column : columns) csv += "," + column;
  csv += "\n";
  for (const auto& cell : plan.cells) {
    nlohmann::json summary;
    if (!read_summary(out / "cells" / cell.name, summary)) continue;
    csv += csv_field(cell.name);
    for (const auto& o : cell.swept) csv += "," + csv_field(o.value_yaml);
    for (const auto& column : columns) csv += "," + csv_field(metric_text(summary, column));
    csv += "\n";
  }
  write_file_atomic((out / "results.csv").string(), csv);
}

// Each cell is one simulation experiment.
class ExperimentTask final : public SweepTask {
 public:
  ExperimentTask(const SweepPlan& plan, const Registry& registry) : plan_(plan), registry_(registry) {}
  void prepare(size_t, const SweepCell& cell) override {
    configs_.push_back(Config::load(plan_.base_config_path, cell.overrides, registry_.schema()));
  }
  void run(size_t index, const std::string& dir, const std::function<void(int, int)>& progress) override {
    run_experiment(configs_[index], registry_, dir,
                   [&](const RoundRecord& r, int total) { progress(r.round, total); });
  }
  const std::vector<std::string>& metric_columns() const override { return results_metric_columns(); }

 private:
  const SweepPlan& plan_;
  const Registry& registry_;
  std::vector<Config> configs_;
};

}  // namespace

const std::vector<std::string>& results_metric_columns() {
  static const std::vector<std::string> columns{
      "rounds",           "final_test_accuracy", "best_test_accuracy", "final_test_loss",
      "final_train_loss", "total_bytes_up",      "total_bytes_down",   "nonfinite_updates",
      "epsilon",          "seconds_per_round",   "wall_seconds"};
  return columns;
}

SweepOutcome run_sweep(const SweepPlan& plan, const Registry& registry, const std::string& out_dir,
                       const SweepOptions& options) {
  ExperimentTask task(plan, registry);
  return run_sweep(plan, task, out_dir, options);
}

SweepOutcome run_sweep(const SweepPlan& plan, SweepTask& task, const std::string& out_dir,
                       const SweepOptions& options) {
  for (size_t i = 0; i < plan.cells.size(); ++i) task.prepare(i, plan.cells[i]);
  const auto& columns = task.metric_columns();

  const fs::path out(out_dir);
  fs::create_directories(out / "cells");
  const bool writes = options.dispatcher == nullptr || options.dispatcher->writes_results();
  SweepOutcome outcome;
  outcome.cells = static_cast<int>(plan.cells.size());
  std::vector<size_t> pending;
  for (size_t i = 0; i < plan.cells.size(); ++i) {
    nlohmann::json summary;
    if (read_summary(out / "cells" / plan.cells[i].name, summary))
      ++outcome.skipped;
    else
      pending.push_back(i);
  }
  if (writes) write_results(plan, columns, out);
  if (writes && outcome.skipped > 0)
    spdlog::info("{} of {} cells already complete; running the other {}", outcome.skipped, outcome.cells,
                 pending.size());

  SweepProgress progress(outcome.cells, outcome.skipped, options.progress && writes);
  std::mutex results_mutex;
  std::atomic<int> ran{0}, failed{0};
  // Runs one cell from scratch (an unfinished earlier attempt restarts); a failure goes to its
  // error.txt.
  const auto run_cell = [&](size_t index) {
    const SweepCell& cell = plan.cells[index];
    const fs::path dir = out / "cells" / cell.name;
    fs::remove_all(dir);
    try {
      task.run(index, dir.string(),
               [&](int step, int total) { progress.cell_round(cell.name, step, total); });
      return true;
    } catch (const std::exception& e) {
      fs::create_directories(dir);
      write_file_atomic((dir / "error.txt").string(), std::string(e.what()) + "\n");
      spdlog::error("cell {} failed: {}", cell.name, e.what());
      return false;
    }
  };
  const auto finished = [&](size_t index, bool ok) {
    ++(ok ? ran : failed);
    {
      std::lock_guard<std::mutex> lock(results_mutex);
      write_results(plan, columns, out);
    }
    progress.cell_done(plan.cells[index].name);
  };
  if (options.dispatcher) {
    options.dispatcher->dispatch(pending, std::max(1, options.jobs), run_cell, finished);
  } else {
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t k; (k = next++) < pending.size();) finished(pending[k], run_cell(pending[k]));
    };
    const int jobs = std::max(1, std::min(options.jobs, static_cast<int>(pending.size())));
    std::vector<std::thread> threads;
    for (int j = 1; j < jobs; ++j) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
  }
  progress.finish();
  outcome.ran = ran;
  outcome.failed = failed;
  return outcome;
}

}  // namespace fedsec::fl
