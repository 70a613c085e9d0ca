#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "fl/atomic_file.h"

namespace fedsec::testing {
namespace {

using ::testing::HasSubstr;

TEST(CliRun, WritesResultsAndExitsZero) {
  const auto config = write_temp_file("fedsec_cli_run", "exp.yaml", kTinyExperiment);
  const auto out = std::filesystem::temp_directory_path() / "fedsec_cli_run" / "out";
  const auto r = run_fedsec("run " + config + " federation.rounds=2 --out " + out.string() + " --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto summary = nlohmann::json::parse(fl::read_file((out / "summary.json").string()));
  EXPECT_EQ(summary["rounds"], 2);
  EXPECT_THAT(fl::read_file((out / "config.yaml").string()), HasSubstr("rounds: 2"));
}

TEST(CliRun, UnknownKeyExitsTwoNamingKeyAndNearest) {
  const auto config = write_temp_file("fedsec_cli_bad", "exp.yaml", "federation: {rouns: 3}\n");
  const auto r = run_fedsec("run " + config + " --out /tmp/fedsec_cli_bad/out");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("unknown key 'federation.rouns'; did you mean 'federation.rounds'?"));
}

TEST(CliRun, BadValuesAndArgumentsExitTwo) {
  const auto config = write_temp_file("fedsec_cli_bad", "ok.yaml", kTinyExperiment);
  auto r = run_fedsec("run " + config + " client.lr=-1 --out /tmp/fedsec_cli_bad/out");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("'client.lr' = -1 is out of range"));
  r = run_fedsec("run " + config + " client.lr --out /tmp/fedsec_cli_bad/out");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("key.path=value"));
  EXPECT_EQ(run_fedsec("run /nonexistent.yaml --out /tmp/x").exit_code, 2);
  EXPECT_EQ(run_fedsec("run " + config).exit_code, 2);  // --out is required
  EXPECT_EQ(run_fedsec("frobnicate").exit_code, 2);
}

TEST(CliRun, MissingDataFileExitsOneNamingTheFile) {
  const auto config = write_temp_file("fedsec_cli_data", "exp.yaml", kTinyExperiment);
  const auto r =
      run_fedsec("run " + config + " data.test_labels=/nonexistent/labels.gz --out /tmp/fedsec_cli_data/out");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("/nonexistent/labels.gz"));
}

TEST(CliConfigDoc, DocsConfigMdIsUpToDate) {
  const auto r = run_fedsec("config-doc");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, fl::read_file(std::string(FEDSEC_SOURCE_DIR) + "/docs/config.md"))
      << "regenerate with: fedsec config-doc > docs/config.md";
}

}  // namespace
}  // namespace fedsec::testing
