#pragma once
// The traffic incident-detection benchmark (Zhu et al., "Decentralised Traffic Incident
// Detection via Network Lasso", arXiv:2402.18167, 2024, re-implemented under the assumptions of
// the research note): one-class SVMs on random Fourier features trained on normal traffic,
//   local         one model per region (network lasso at lambda = 0),
//   central       one model on the pooled data of all regions,
//   network_lasso the models along the lambda path, lambda chosen by validation AUC,
// against the California #8 algorithm and, as supervised references, centralised logistic
// regression and linear SVM trained on incident labels. All score-based methods share one alarm
// rule. The command line (`fedsec traffic bench`) only needs to call run_traffic_benchmark and
// write_benchmark_results.

#include <functional>
#include <string>
#include <vector>

#include "traffic/benchmark_config.h"
#include "traffic/dataset.h"
#include "traffic/evaluation.h"
#include "traffic/network_lasso.h"

namespace fedsec::traffic {

// One lambda of the path, with the models' metrics on both evaluation splits.
struct PathResult {
  AdmmReport report;
  double solve_seconds = 0.0;  // warm-started from the previous lambda
  MethodResult validation, test;
};

struct BenchmarkResults {
  std::vector<MethodResult> methods;  // on the test split, one row per method
  std::vector<PathResult> lambda_path;
  int regions = 0, graph_edges = 0;
  bool graph_connected = false;
  long validation_rows = 0, test_rows = 0;
  int test_incidents = 0;     // target incidents with labelled test rows
  double data_seconds = 0.0;  // simulating or loading, and preparing
  double total_seconds = 0.0;
};

// A method defined outside this library (e.g. the FedAvg baseline, which needs fl/ and LibTorch):
// trains on the prepared data and returns its test-split row, train_seconds included.
using ExtraMethod = std::function<MethodResult(const PreparedBenchmark&)>;

// What a caller adds to a run: further methods, appended to BenchmarkResults::methods in order,
// and a sink for progress lines (one per stage and per lambda of the path).
struct BenchmarkHooks {
  std::vector<ExtraMethod> extra_methods;
  std::function<void(const std::string&)> progress;
};

// Simulates config.scenario (seeded by config.seed) or reads config.data_dir, then runs
// everything. Throws UsageError for an invalid config.
BenchmarkResults run_traffic_benchmark(const BenchmarkConfig& config, const BenchmarkHooks& hooks = {});

// The same on a dataset already in memory.
BenchmarkResults run_traffic_benchmark(const BenchmarkConfig& config, const Dataset& dataset,
                                       const BenchmarkHooks& hooks = {});

// Writes dir/results.csv (one row per method) and dir/lambda_path.csv (one row per lambda), which
// depend only on the config and seed, and dir/timings.csv (wall seconds of each stage, method and
// lambda), which does not. Missing values (e.g. the lambda of a method without one) are empty
// fields.
void write_benchmark_results(const BenchmarkResults& results, const std::string& dir);

}  // namespace fedsec::traffic
