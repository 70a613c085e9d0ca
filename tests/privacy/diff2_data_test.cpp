#include "privacy/diff2_data.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include "fl/errors.h"

namespace fedsec::privacy {
namespace {

namespace fs = std::filesystem;

void write_u32(std::ofstream& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.put(static_cast<char>(value >> shift));
}

// Three 4 x 4 images (pixel value 16 i + p for image i, pixel p) and labels 0, 1, 2, as plain IDX.
class Diff2FashionMnist : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fedsec_diff2_data_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream images(dir_ / "images", std::ios::binary);
    write_u32(images, 0x00000803);
    for (uint32_t v : {3u, 4u, 4u}) write_u32(images, v);
    for (int i = 0; i < 3; ++i)
      for (int p = 0; p < 16; ++p) images.put(static_cast<char>(pixel(i, p)));
    std::ofstream labels(dir_ / "labels", std::ios::binary);
    write_u32(labels, 0x00000801);
    write_u32(labels, 3);
    for (char l : {0, 1, 2}) labels.put(l);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static int pixel(int image, int p) { return 16 * image + 5 * p; }
  RegressionData load(int64_t pool) {
    return load_fashion_mnist((dir_ / "images").string(), (dir_ / "labels").string(), 0, pool);
  }

  fs::path dir_;
};

// Each column minus its mean, over its (population) standard deviation.
Eigen::MatrixXd standardized(Eigen::MatrixXd m) {
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    const double mean = m.col(j).mean();
    const double sd = std::sqrt((m.col(j).array() - mean).square().mean());
    m.col(j) = ((m.col(j).array() - mean) / sd).matrix();
  }
  return m;
}

TEST_F(Diff2FashionMnist, PoolingAveragesBlocksOfPixelsBeforeStandardizing) {
  Eigen::MatrixXd expected(3, 4);  // 2 x 2 blocks of the 4 x 4 image, row-major
  for (int i = 0; i < 3; ++i)
    for (int block = 0; block < 4; ++block) {
      const int top = (block / 2) * 2, left = (block % 2) * 2;
      double sum = 0;
      for (int r = top; r < top + 2; ++r)
        for (int c = left; c < left + 2; ++c) sum += pixel(i, r * 4 + c);
      expected(i, block) = sum / (4 * 255.0);
    }
  const RegressionData data = load(2);
  ASSERT_EQ(data.inputs.cols(), 4);
  EXPECT_TRUE(data.inputs.isApprox(standardized(expected), 1e-12));
  EXPECT_EQ(data.targets(1, 1), 1.0);
  EXPECT_EQ(data.targets.sum(), 3.0);
}

TEST_F(Diff2FashionMnist, PoolOneKeepsEveryPixel) {
  Eigen::MatrixXd expected(3, 16);
  for (int i = 0; i < 3; ++i)
    for (int p = 0; p < 16; ++p) expected(i, p) = pixel(i, p) / 255.0;
  EXPECT_TRUE(load(1).inputs.isApprox(standardized(expected), 1e-12));
}

TEST_F(Diff2FashionMnist, PoolMustDivideTheImage) {
  EXPECT_THROW(load(3), UsageError);
  EXPECT_THROW(load(0), UsageError);
}

}  // namespace
}  // namespace fedsec::privacy
