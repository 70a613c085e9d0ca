// `fedsec traffic simulate` and `fedsec traffic bench` on a network small enough to run in about
// a second.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.h"
#include "fl/atomic_file.h"

namespace fedsec::testing {
namespace {

using ::testing::HasSubstr;

// One road, both directions, 2 regions each; a day each to train, validate and test.
const char* kTinyTraffic =
    "run: {seed: 3}\n"
    "split: {train_days: 1, validation_days: 1, test_days: 1, max_train_per_region: 100}\n"
    "features: {rff_dim: 20}\n"
    "lambda_path: {start: 0.03, factor: 4}\n"
    "fedavg: {rounds: 3}\n"
    "scenario:\n"
    "  days: 3\n"
    "  incidents: {lane_blocking_per_day: 6}\n"
    "  corridors:\n"
    "    - {road: R1, direction: N, stations: 8}\n"
    "    - {road: R1, direction: S, stations: 8, postmile_origin_km: 7.2}\n";

std::filesystem::path temp(const std::string& name) { return std::filesystem::temp_directory_path() / name; }

TEST(CliTraffic, BenchIsReproducibleBySeedAndWritesEveryMethod) {
  const auto config = write_temp_file("fedsec_cli_traffic", "tiny.yaml", kTinyTraffic);
  const auto a = temp("fedsec_cli_traffic") / "a", b = temp("fedsec_cli_traffic") / "b",
             c = temp("fedsec_cli_traffic") / "c";
  auto r = run_fedsec("traffic bench " + config + " --out " + a.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("lambda 0:"));  // progress of the path
  ASSERT_EQ(run_fedsec("traffic bench " + config + " --out " + b.string()).exit_code, 0);
  const std::string results = fl::read_file((a / "results.csv").string());
  EXPECT_EQ(results, fl::read_file((b / "results.csv").string()));
  EXPECT_EQ(fl::read_file((a / "lambda_path.csv").string()), fl::read_file((b / "lambda_path.csv").string()));
  for (const char* method : {"\nlocal,", "\ncentral,", "\nnetwork_lasso,", "\ncalifornia8,",
                             "\ncentral_logreg,", "\ncentral_svm,", "\nfedavg,"})
    EXPECT_THAT(results, HasSubstr(method));
  EXPECT_TRUE(std::filesystem::exists(a / "timings.csv"));
  // Another seed, another simulation and other results.
  ASSERT_EQ(run_fedsec("traffic bench " + config + " run.seed=4 fedavg.enabled=false --out " + c.string())
                .exit_code,
            0);
  const std::string other = fl::read_file((c / "results.csv").string());
  EXPECT_NE(other, results);
  EXPECT_THAT(other, ::testing::Not(HasSubstr("\nfedavg,")));
  std::filesystem::remove_all(temp("fedsec_cli_traffic"));
}

TEST(CliTraffic, SimulateWritesTheDatasetThatBenchCanRead) {
  const auto config = write_temp_file("fedsec_cli_traffic_sim", "tiny.yaml", kTinyTraffic);
  const auto data = temp("fedsec_cli_traffic_sim") / "data";
  auto r = run_fedsec("traffic simulate " + config + " --out " + data.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* file : {"stations.csv", "regions.csv", "samples.csv", "incidents.csv"})
    EXPECT_TRUE(std::filesystem::exists(data / file)) << file;
  EXPECT_THAT(r.output, HasSubstr("16 stations, 4 regions"));
  // Benchmarking the written files gives the table of benchmarking the simulation directly.
  const auto direct = temp("fedsec_cli_traffic_sim") / "direct",
             read = temp("fedsec_cli_traffic_sim") / "read";
  ASSERT_EQ(
      run_fedsec("traffic bench " + config + " fedavg.enabled=false --out " + direct.string()).exit_code, 0);
  r = run_fedsec("traffic bench " + config + " fedavg.enabled=false run.data_dir=" + data.string() +
                 " --out " + read.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(fl::read_file((read / "results.csv").string()), fl::read_file((direct / "results.csv").string()));
  std::filesystem::remove_all(temp("fedsec_cli_traffic_sim"));
}

TEST(CliTraffic, ConfigErrorsExitTwoAndRuntimeFailuresOne) {
  const auto config = write_temp_file("fedsec_cli_traffic_bad", "bad.yaml", "admm: {eps_ab: 1}\n");
  auto r = run_fedsec("traffic bench " + config + " --out /tmp/fedsec_cli_traffic_bad/out");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("unknown key 'admm.eps_ab'; did you mean 'admm.eps_abs'?"));
  const auto tiny = write_temp_file("fedsec_cli_traffic_bad", "tiny.yaml", kTinyTraffic);
  r = run_fedsec("traffic bench " + tiny +
                 " run.data_dir=/nonexistent --out /tmp/fedsec_cli_traffic_bad/out");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("/nonexistent"));
  std::filesystem::remove_all(temp("fedsec_cli_traffic_bad"));
}

}  // namespace
}  // namespace fedsec::testing
