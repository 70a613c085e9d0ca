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

// Five 4 x 4 images and labels 0..4, as plain IDX. The pixel values are not affine in the image
// index, so that standardizing a column does not erase which pixels were averaged into it.
class Diff2FashionMnist : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fedsec_diff2_data_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    std::ofstream images(dir_ / "images", std::ios::binary);
    write_u32(images, 0x00000803);
    for (uint32_t v : {kImages, 4u, 4u}) write_u32(images, v);
    for (int i = 0; i < static_cast<int>(kImages); ++i)
      for (int p = 0; p < 16; ++p) images.put(static_cast<char>(pixel(i, p)));
    std::ofstream labels(dir_ / "labels", std::ios::binary);
    write_u32(labels, 0x00000801);
    write_u32(labels, kImages);
    for (char l : {0, 1, 2, 3, 4}) labels.put(l);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static constexpr uint32_t kImages = 5;
  static int pixel(int image, int p) { return (37 * image * image + 11 * p * p + 13 * image * p) % 256; }
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
  Eigen::MatrixXd expected(kImages, 4);  // 2 x 2 blocks of the 4 x 4 image, row-major
  for (int i = 0; i < static_cast<int>(kImages); ++i)
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
  EXPECT_EQ(data.targets.sum(), 5.0);
}

// Without pooling the features are exactly what they were before pooling existed: pixel / 255,
// standardized by standardize_columns.
TEST_F(Diff2FashionMnist, PoolOneKeepsEveryPixelExactly) {
  Eigen::MatrixXd expected(kImages, 16);
  for (int i = 0; i < static_cast<int>(kImages); ++i)
    for (int p = 0; p < 16; ++p) expected(i, p) = pixel(i, p) / 255.0;
  standardize_columns(expected);
  EXPECT_TRUE(load(1).inputs == expected);
}

TEST_F(Diff2FashionMnist, PoolMustDivideTheImage) {
  EXPECT_THROW(load(3), UsageError);
  EXPECT_THROW(load(0), UsageError);
  try {
    load(3);
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "data.pool: 3 does not divide the images' 4 x 4 pixels");
  }
}

}  // namespace
}  // namespace fedsec::privacy
