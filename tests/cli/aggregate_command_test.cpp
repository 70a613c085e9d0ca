// `fedsec aggregate`: rules applied to .npy files, and clear refusals of bad input (exit code 2).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "cli_support.h"
#include "fl/npy_file.h"

namespace fedsec::testing {
namespace {

namespace fs = std::filesystem;

std::string path(const std::string& name) {
  const auto dir = fs::temp_directory_path() / "fedsec_aggregate_cli";
  fs::create_directories(dir);
  return (dir / name).string();
}

// Five 2-d updates, (v, -v) for v in 0, 1, 2, 3, 100.
std::string updates_file(bool float64 = false) {
  const auto p = path(float64 ? "updates64.npy" : "updates.npy");
  fl::write_npy(p, {5, 2}, {0, 0, 1, -1, 2, -2, 3, -3, 100, -100}, float64);
  return p;
}

TEST(AggregateCommand, AppliesTheNamedRuleAndWritesADVector) {
  const auto out = path("median.npy");
  const auto r = run_fedsec("aggregate --rule median --f 2 --in " + updates_file() + " --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const fl::NpyArray result = fl::read_npy(out);
  EXPECT_EQ(result.shape, (std::vector<int64_t>{2}));
  EXPECT_EQ(result.data, (std::vector<float>{2, -2}));
  EXPECT_FALSE(result.float64);
}

TEST(AggregateCommand, PassesRuleParametersAndKeepsFloat64) {
  const auto out = path("multi_krum.npy");
  const auto r = run_fedsec("aggregate --rule multi_krum --f 1 --set aggregator.multi_krum.m=2 --in " +
                            updates_file(true) + " --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const fl::NpyArray result = fl::read_npy(out);
  EXPECT_TRUE(result.float64);
  EXPECT_EQ(result.data, (std::vector<float>{1.5, -1.5}));  // the two best-scored: 1 and 2
}

TEST(AggregateCommand, NonFiniteUpdatesAreOutliers) {
  const auto in = path("nan.npy"), out = path("nan_out.npy");
  fl::write_npy(in, {4, 1}, {1, NAN, 2, 3});
  ASSERT_EQ(run_fedsec("aggregate --rule trimmed_mean --f 1 --in " + in + " --out " + out).exit_code, 0);
  EXPECT_EQ(fl::read_npy(out).data, std::vector<float>{2});  // mean of 1, 2, 3 with f' = 0
}

TEST(AggregateCommand, RefusesBadInputWithExitCode2) {
  const auto one_d = path("one_d.npy"), fortran = path("fortran.npy");
  fl::write_npy(one_d, {4}, {1, 2, 3, 4});
  std::ofstream(fortran, std::ios::binary)
      << std::string("\x93NUMPY\x01\x00\x76\x00", 10)
      << "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }" << std::string(59, ' ') << "\n"
      << std::string(4, '\0');
  const std::string out = " --out " + path("never.npy");
  // Each malformed-file case is checked by read_npy's own test; here the exit code and message.
  const std::vector<std::pair<std::string, std::string>> cases{
      {"aggregate --rule median --in " + one_d + out, "expected an n x d array"},
      {"aggregate --rule median --in " + fortran + out, "Fortran order"},
      {"aggregate --rule krum --f 2 --in " + updates_file() + out, "krum needs n >= 2f+3, got n = 5, f = 2"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_fedsec(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_THAT(r.output, ::testing::HasSubstr(message)) << args;
  }
  EXPECT_FALSE(fs::exists(path("never.npy")));
}

}  // namespace
}  // namespace fedsec::testing
