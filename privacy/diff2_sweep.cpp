#include "privacy/diff2_sweep.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "fl/atomic_file.h"
#include "privacy/diff2_config.h"
#include "privacy/diff2_experiment.h"

namespace fedsec::privacy {
namespace fs = std::filesystem;
namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string summary_field(const nlohmann::json& summary, const std::string& key) {
  if (!summary.contains(key) || summary[key].is_null()) return "";
  const auto& v = summary[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v.get<double>());
    return text;
  }
  return v.dump();
}

bool read_summary(const fs::path& cell_dir, nlohmann::json& summary) {
  const fs::path file = cell_dir / "summary.json";
  if (!fs::exists(file)) return false;
  try {
    summary = nlohmann::json::parse(fl::read_file(file.string()));
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

void write_results(const fl::SweepPlan& plan, const fs::path& out) {
  std::string csv = "cell";
  for (const auto& key : plan.swept_keys) csv += "," + csv_field(key);
  for (const auto& column : diff2_results_columns()) csv += "," + column;
  csv += "\n";
  for (const auto& cell : plan.cells) {
    nlohmann::json summary;
    if (!read_summary(out / "cells" / cell.name, summary)) continue;
    csv += csv_field(cell.name);
    for (const auto& o : cell.swept) csv += "," + csv_field(o.value_yaml);
    for (const auto& column : diff2_results_columns()) csv += "," + csv_field(summary_field(summary, column));
    csv += "\n";
  }
  fl::write_file_atomic((out / "results.csv").string(), csv);
}

}  // namespace

const std::vector<std::string>& diff2_results_columns() {
  static const std::vector<std::string> columns{"data",
                                                "restart_interval",
                                                "lr",
                                                "clip1",
                                                "clip2",
                                                "rounds_run",
                                                "diverged",
                                                "final_train_loss",
                                                "final_grad_norm",
                                                "epsilon_target",
                                                "epsilon",
                                                "epsilon_single_order",
                                                "delta",
                                                "accountant",
                                                "wall_seconds"};
  return columns;
}

Diff2SweepOutcome run_diff2_sweep(const fl::SweepPlan& plan, const std::string& out_dir, int jobs) {
  std::vector<fl::Config> configs;
  for (const auto& cell : plan.cells)
    configs.push_back(fl::Config::load(plan.base_config_path, cell.overrides, diff2_schema()));

  const fs::path out(out_dir);
  fs::create_directories(out / "cells");
  Diff2SweepOutcome outcome;
  outcome.cells = static_cast<int>(plan.cells.size());
  std::vector<size_t> pending;
  for (size_t i = 0; i < plan.cells.size(); ++i) {
    nlohmann::json summary;
    if (read_summary(out / "cells" / plan.cells[i].name, summary))
      ++outcome.skipped;
    else
      pending.push_back(i);
  }
  write_results(plan, out);

  std::mutex results_mutex;
  std::atomic<size_t> next{0};
  std::atomic<int> ran{0}, failed{0};
  auto work = [&] {
    for (size_t k; (k = next++) < pending.size();) {
      const fl::SweepCell& cell = plan.cells[pending[k]];
      const fs::path dir = out / "cells" / cell.name;
      fs::remove_all(dir);  // an unfinished earlier attempt restarts from scratch
      try {
        const auto summary = run_diff2_experiment(configs[pending[k]], dir.string());
        spdlog::info("cell {}: final train loss {}, gradient norm {}", cell.name,
                     summary_field(summary, "final_train_loss"), summary_field(summary, "final_grad_norm"));
        ++ran;
      } catch (const std::exception& e) {
        ++failed;
        fs::create_directories(dir);
        fl::write_file_atomic((dir / "error.txt").string(), std::string(e.what()) + "\n");
        spdlog::error("cell {} failed: {}", cell.name, e.what());
      }
      std::lock_guard<std::mutex> lock(results_mutex);
      write_results(plan, out);
    }
  };
  const int threads = std::max(1, std::min(jobs, static_cast<int>(pending.size())));
  std::vector<std::thread> pool;
  for (int j = 1; j < threads; ++j) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  outcome.ran = ran;
  outcome.failed = failed;
  return outcome;
}

}  // namespace fedsec::privacy
