#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/table.h"
#include "traffic/benchmark.h"
#include "traffic/dataset_csv.h"
#include "traffic/fedavg_baseline.h"
#include "traffic/simulator.h"
#include "traffic/traffic_config.h"

namespace fedsec::cli {
namespace {

struct TrafficOptions {
  std::string config;
  std::vector<std::string> overrides;
  std::string out;
};

void add_config_options(CLI::App& cmd, TrafficOptions& options) {
  cmd.add_option("config", options.config, "Traffic YAML file (keys: fedsec traffic config-doc)")->required();
  cmd.add_option("overrides", options.overrides, "Config overrides, key.path=value");
  cmd.add_option("--out", options.out, "Output directory")->required();
}

traffic::TrafficRunConfig load(const TrafficOptions& options) {
  std::vector<fl::Override> overrides;
  for (const auto& text : options.overrides) overrides.push_back(fl::parse_override(text));
  return traffic::load_traffic_config(options.config, overrides);
}

void simulate_command(const TrafficOptions& options) {
  const traffic::TrafficRunConfig config = load(options);
  traffic::ScenarioConfig scenario = config.benchmark.scenario;
  scenario.seed = config.benchmark.seed;
  spdlog::info("simulating {} corridors for {} days", scenario.corridors.size(), scenario.days);
  const auto start = std::chrono::steady_clock::now();
  const traffic::Dataset dataset = traffic::simulate(scenario);
  traffic::write_dataset_csv(dataset, options.out);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << dataset.stations.size() << " stations, " << dataset.regions.size() << " regions, "
            << dataset.samples.size() << " samples, " << dataset.incidents.size() << " incidents written to "
            << options.out << " in " << seconds << " s\n";
}

void bench_command(const TrafficOptions& options) {
  const traffic::TrafficRunConfig config = load(options);
  traffic::BenchmarkHooks hooks;
  hooks.progress = [](const std::string& line) { spdlog::info("{}", line); };
  if (config.fedavg.enabled)
    hooks.extra_methods.push_back([&config, &hooks](const traffic::PreparedBenchmark& prepared) {
      hooks.progress("training the FedAvg baseline over " + std::to_string(prepared.regions) + " regions");
      return traffic::run_fedavg_baseline(prepared, config.benchmark, config.fedavg, hooks.progress);
    });
  const traffic::BenchmarkResults results = traffic::run_traffic_benchmark(config.benchmark, hooks);
  traffic::write_benchmark_results(results, options.out);
  std::cout << format_csv_table((std::filesystem::path(options.out) / "results.csv").string(),
                                {"method", "lambda", "auc", "f1", "detection_rate", "mttd_s", "decision_far"})
            << results.regions << " regions, " << results.graph_edges << " graph edges, " << results.test_rows
            << " test rows, " << results.test_incidents << " test incidents; " << results.total_seconds
            << " s; results in " << options.out << "\n";
}

}  // namespace

void add_traffic_command(CLI::App& app) {
  auto* traffic =
      app.add_subcommand("traffic", "Traffic incident detection with network lasso (docs/traffic.md)");
  traffic->require_subcommand(1);

  auto simulate = std::make_shared<TrafficOptions>();
  auto* sim = traffic->add_subcommand(
      "simulate",
      "Simulate the scenario of a config and write the dataset as CSV: simulate CONFIG --out DIR");
  add_config_options(*sim, *simulate);
  sim->callback([simulate] { simulate_command(*simulate); });

  auto bench = std::make_shared<TrafficOptions>();
  auto* run = traffic->add_subcommand(
      "bench",
      "Run every method and write results.csv, lambda_path.csv and timings.csv: bench CONFIG --out DIR");
  add_config_options(*run, *bench);
  run->callback([bench] { bench_command(*bench); });

  auto* doc = traffic->add_subcommand("config-doc", "Print the reference of every traffic config key");
  doc->callback([] { std::cout << traffic::traffic_config_markdown(); });
}

}  // namespace fedsec::cli
