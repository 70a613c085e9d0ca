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
#include "tiny_benchmark.h"
#include "traffic/benchmark_data.h"
#include "traffic/simulator.h"

namespace fedsec::traffic {
namespace {

BenchmarkConfig tiny_config() { return tiny_benchmark_config(); }

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
  EXPECT_THAT(
      table, ::testing::StartsWith("method,lambda,auc,f1,precision,recall,sample_far,accuracy,detection_rate,"
                                   "mttd_s,decision_far,incidents,detected,false_alarm_decisions,decisions\n"
                                   "local,,"));
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 7);
  EXPECT_EQ(std::count(path.begin(), path.end(), '\n'), static_cast<long>(r.lambda_path.size()) + 1);
  // Wall times, which differ between runs, are kept out of those two files.
  const std::string timings = read(dir / "timings.csv");
  EXPECT_THAT(timings, ::testing::StartsWith("stage,lambda,seconds\ndata,,"));
  EXPECT_EQ(std::count(timings.begin(), timings.end(), '\n'),
            static_cast<long>(r.methods.size() + r.lambda_path.size()) + 3);
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
    EXPECT_THAT(e.what(), ::testing::HasSubstr("scenario.days"));
  }
}

}  // namespace
}  // namespace fedsec::traffic
