#include "traffic/benchmark.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "fl/errors.h"
#include "traffic/benchmark_data.h"
#include "traffic/simulator.h"

namespace fedsec::traffic {
namespace {

// One road, both directions, 2 regions each; 3 days: to train, to validate, to test.
BenchmarkConfig tiny_config() {
  BenchmarkConfig c;
  c.seed = 3;
  CorridorConfig north;
  north.stations = 8;
  north.am_peak_weight = 1.0;
  CorridorConfig south = north;
  south.direction = "S";
  south.postmile_origin_km = 7.2;
  c.scenario.corridors = {north, south};
  c.scenario.days = 3;
  c.scenario.incidents.lane_blocking_per_day = 6.0;
  c.train_days = 1;
  c.validation_days = 1;
  c.test_days = 1;
  c.rff_dim = 20;
  c.max_train_per_region = 100;
  c.min_train_share = 1.0;  // equal samples per region: the consensus end is the pooled model
  c.admm.eps_abs = 1e-8;
  c.admm.eps_rel = 0.0;
  c.admm.max_iterations = 5000;
  c.path.start = 3e-2;
  c.path.factor = 4.0;
  return c;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(TrafficBenchmark, RunsEveryMethodAndThePathRunsFromLocalToCentral) {
  BenchmarkConfig c = tiny_config();
  ScenarioConfig scenario = c.scenario;
  scenario.seed = c.seed;
  const Dataset data = simulate(scenario);
  const BenchmarkResults r = run_traffic_benchmark(c, data);

  EXPECT_EQ(r.regions, 4);
  EXPECT_TRUE(r.graph_connected);
  EXPECT_GT(r.test_incidents, 0);
  ASSERT_EQ(r.methods.size(), 6u);
  const char* names[] = {"local", "central", "network_lasso", "california8", "central_logreg", "central_svm"};
  for (std::size_t m = 0; m < 6; ++m) {
    const MethodResult& x = r.methods[m];
    EXPECT_EQ(x.method, names[m]);
    EXPECT_GE(x.auc, 0.0);
    EXPECT_LE(x.auc, 1.0);
    EXPECT_GE(x.events.detection_rate, 0.0);
    EXPECT_LE(x.events.detection_rate, 1.0);
    EXPECT_EQ(x.events.decisions, r.methods[0].events.decisions);
  }
  EXPECT_TRUE(std::isnan(r.methods[0].lambda));
  ASSERT_GE(r.lambda_path.size(), 3u);
  const PathResult& first = r.lambda_path.front();
  const PathResult& last = r.lambda_path.back();
  EXPECT_EQ(first.report.lambda, 0.0);
  EXPECT_EQ(last.report.consensus_fraction, 1.0);
  for (const PathResult& p : r.lambda_path) EXPECT_TRUE(p.report.converged);
  // The ends of the path score like the local and the centralised models.
  EXPECT_NEAR(first.test.auc, r.methods[0].auc, 1e-6);
  EXPECT_NEAR(first.test.events.decision_false_alarm_rate, r.methods[0].events.decision_false_alarm_rate,
              1e-4);
  EXPECT_NEAR(last.test.auc, r.methods[1].auc, 1e-4);
  // The reported network-lasso model is the path point with the best validation AUC.
  double best = 0.0;
  for (const PathResult& p : r.lambda_path) best = std::max(best, p.validation.auc);
  bool found = false;
  for (const PathResult& p : r.lambda_path)
    found |= p.validation.auc == best && p.report.lambda == r.methods[2].lambda;
  EXPECT_TRUE(found);

  // The files carry one row per method and per lambda.
  const auto dir = std::filesystem::temp_directory_path() / ("fedsec_bench_" + std::to_string(::getpid()));
  write_benchmark_results(r, dir.string());
  const std::string table = read(dir / "results.csv"), path = read(dir / "lambda_path.csv");
  EXPECT_THAT(table,
              testing::StartsWith("method,lambda,auc,f1,precision,recall,sample_far,accuracy,detection_rate,"
                                  "mttd_s,decision_far,incidents,detected,false_alarm_decisions,decisions,"
                                  "train_seconds\nlocal,,"));
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 7);
  EXPECT_EQ(std::count(path.begin(), path.end(), '\n'), static_cast<long>(r.lambda_path.size()) + 1);
  std::filesystem::remove_all(dir);
}

TEST(TrafficBenchmark, PreparedDataAreFixedBySeed) {
  BenchmarkConfig c = tiny_config();
  ScenarioConfig scenario = c.scenario;
  scenario.seed = c.seed;
  const Dataset data = simulate(scenario);
  const PreparedBenchmark a = prepare_benchmark(c, data), b = prepare_benchmark(c, data);
  c.seed = 4;
  const PreparedBenchmark other = prepare_benchmark(c, data);
  ASSERT_EQ(a.normal_train.size(), 4u);
  for (int g = 0; g < 4; ++g) {
    EXPECT_EQ(a.normal_train[g], b.normal_train[g]);
    EXPECT_NE(a.normal_train[g], other.normal_train[g]);  // other random features and subsample
  }
  EXPECT_EQ(a.supervised_labels, b.supervised_labels);
  EXPECT_EQ(a.test.standardised, b.test.standardised);
}

TEST(TrafficBenchmark, RejectsASplitLongerThanTheSimulation) {
  BenchmarkConfig c = tiny_config();
  c.test_days = 2;  // 1 + 1 + 2 > 3 days
  try {
    run_traffic_benchmark(c);
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), testing::HasSubstr("scenario.days"));
  }
}

}  // namespace
}  // namespace fedsec::traffic
