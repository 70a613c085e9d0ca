// `fedsec attack train-generator`, `fedsec attack invert` and inversion sweeps, end to end on a
// tiny generator and a few attack steps.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "cli_support.h"

namespace fedsec::testing {
namespace {

namespace fs = std::filesystem;

const std::string kTinyConfig = std::string(FEDSEC_SOURCE_DIR) + "/tests/attacks/data/tiny-inversion.yaml";

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// metrics.csv without its last column (seconds), which is wall time.
std::string without_timing(const std::string& csv) {
  std::stringstream in(csv), out;
  for (std::string line; std::getline(in, line);) out << line.substr(0, line.rfind(',')) << "\n";
  return out.str();
}

class InversionCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One directory per process: CTest runs each test of this suite as its own process, in parallel.
    dir_ = fs::temp_directory_path() / ("fedsec_inversion_cli_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    generator_ = (dir_ / "generator.bin").string();
    const auto r = run_fedsec("attack train-generator " + kTinyConfig + " --out " + generator_);
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string invert(const std::string& out, const std::string& extra = "") {
    return "attack invert " + kTinyConfig + " generator.path=" + generator_ + " " + extra + " --out " +
           (dir_ / out).string();
  }
  static fs::path dir_;
  static std::string generator_;
};
fs::path InversionCli::dir_;
std::string InversionCli::generator_;

TEST_F(InversionCli, WritesMetricsGridAndSummaryDeterministically) {
  auto r = run_fedsec(invert("a"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string csv = read(dir_ / "a" / "metrics.csv");
  // 2 batches x 2 images x (dlg, idlg, ig, latent_adam, ggl, gifd stages 0..2) = 4 x 8 rows.
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 4 * 8);
  EXPECT_NE(csv.find("gifd,2,"), std::string::npos);
  const std::string png = read(dir_ / "a" / "grid.png");
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  const std::string summary = read(dir_ / "a" / "summary.json");
  for (const char* key : {"\"gifd.psnr\"", "\"ig.ssim\"", "\"idlg.label_accuracy\"", "\"gifd_stage1.psnr\""})
    EXPECT_NE(summary.find(key), std::string::npos) << key;
  r = run_fedsec(invert("b"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(without_timing(read(dir_ / "b" / "metrics.csv")), without_timing(csv));
}

TEST_F(InversionCli, EveryDefenseRuns) {
  for (const char* defense : {"clip", "prune", "soteria", "noise", "dp_sgd", "secagg"}) {
    const auto r =
        run_fedsec(invert(std::string("defense_") + defense,
                          "inversion.methods=[idlg] inversion.targets.batches=1 inversion.defense.name=" +
                              std::string(defense) + " inversion.defense.secagg_clients=3"));
    EXPECT_EQ(r.exit_code, 0) << defense << ": " << r.output;
  }
  const auto fedavg = run_fedsec(invert("fedavg", "inversion.methods=[ig] inversion.gradient.source=fedavg"));
  EXPECT_EQ(fedavg.exit_code, 0) << fedavg.output;
}

TEST_F(InversionCli, BadInputExitsWithClearErrors) {
  auto r = run_fedsec(invert("bad1", "inversion.methods=[gifd,deepfake]"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("deepfake"), std::string::npos) << r.output;
  r = run_fedsec("attack invert " + kTinyConfig + " --out " + (dir_ / "bad2").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("generator.path"), std::string::npos) << r.output;
  r = run_fedsec(invert("bad3", "inversion.gifd.radii=[1,2,3,4]"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  r = run_fedsec(invert("bad4", "inversion.targets.batches=100000"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  r = run_fedsec("attack invert " + kTinyConfig + " generator.path=" + (dir_ / "missing.bin").string() +
                 " --out " + (dir_ / "bad5").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("missing.bin"), std::string::npos) << r.output;
}

TEST_F(InversionCli, PixelSpaceAttacksRunWithoutTheGeneratorOnDisk) {
  // A config that names a checkpoint for its generative attacks still runs IDLG alone without it.
  const auto r = run_fedsec("attack invert " + kTinyConfig + " inversion.methods=[idlg] generator.path=" +
                            (dir_ / "missing.bin").string() + " --out " + (dir_ / "pixels").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(InversionCli, SweepTabulatesEachCell) {
  const auto sweep = write_temp_file("fedsec_inversion_cli_sweep_" + std::to_string(::getpid()), "sweep.yaml",
                                     "base: " + kTinyConfig +
                                         "\n"
                                         "overrides: {generator.path: " +
                                         generator_ +
                                         ", inversion.methods: [idlg, gifd], inversion.targets.batches: 1,"
                                         " inversion.defense.name: prune}\n"
                                         "grid: {inversion.defense.prune_fraction: [0.0, 0.9]}\n");
  const auto out = dir_ / "sweep";
  const auto r = run_fedsec("sweep " + sweep + " --out " + out.string() + " --no-progress");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string results = read(out / "results.csv");
  EXPECT_EQ(std::count(results.begin(), results.end(), '\n'), 3) << results;
  EXPECT_NE(results.find("gifd.psnr"), std::string::npos);
  EXPECT_TRUE(fs::exists(out / "cells"));
}

TEST(InversionConfigDoc, DocsInversionConfigMdIsUpToDate) {
  const auto r = run_fedsec("attack config-doc");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, read(std::string(FEDSEC_SOURCE_DIR) + "/docs/inversion-config.md"))
      << "regenerate with: fedsec attack config-doc > docs/inversion-config.md";
}

}  // namespace
}  // namespace fedsec::testing
