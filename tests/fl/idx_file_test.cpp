#include "fl/idx_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fedsec::fl {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

using Bytes = std::vector<uint8_t>;

void append_u32(Bytes& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
}

// An idx3-ubyte file's bytes: header then count*rows*cols pixels with a varied pattern.
Bytes images_file(uint32_t count, uint32_t rows, uint32_t cols, uint32_t magic = 0x00000803) {
  Bytes out;
  append_u32(out, magic);
  append_u32(out, count);
  append_u32(out, rows);
  append_u32(out, cols);
  out.resize(16 + size_t{count} * rows * cols);
  for (size_t i = 16; i < out.size(); ++i) out[i] = static_cast<uint8_t>(i * 37 + i / 7);
  return out;
}

// An idx1-ubyte file's bytes: header then the labels.
Bytes labels_file(const Bytes& labels, uint32_t magic = 0x00000801) {
  Bytes out;
  append_u32(out, magic);
  append_u32(out, static_cast<uint32_t>(labels.size()));
  out.insert(out.end(), labels.begin(), labels.end());
  return out;
}

Bytes read_raw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class IdxFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("fedsec_idx_test_" + std::to_string(::getpid()) + "_" +
                                        info->test_suite_name() + "_" + info->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write_gzip(const std::string& name, const Bytes& bytes) {
    const std::string path = (dir_ / name).string();
    gzFile file = gzopen(path.c_str(), "wb1");
    EXPECT_NE(file, nullptr);
    EXPECT_EQ(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())),
              static_cast<int>(bytes.size()));
    EXPECT_EQ(gzclose(file), Z_OK);
    return path;
  }

  std::string write_plain(const std::string& name, const Bytes& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return path;
  }

  fs::path dir_;
};

// Runs f, which must throw DataFileError, and returns the message.
template <typename F>
std::string error_of(F f) {
  try {
    f();
  } catch (const DataFileError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected DataFileError";
  return "";
}

TEST_F(IdxFileTest, ReadsGzipImagesWithDimensionsAndPixels) {
  const Bytes bytes = images_file(3, 4, 5);
  const std::string path = write_gzip("images.gz", bytes);
  const IdxImages images = read_idx_images(path);
  EXPECT_EQ(images.count, 3);
  EXPECT_EQ(images.rows, 4);
  EXPECT_EQ(images.cols, 5);
  EXPECT_EQ(images.pixels, Bytes(bytes.begin() + 16, bytes.end()));
}

TEST_F(IdxFileTest, ReadsPlainUncompressedImages) {
  const Bytes bytes = images_file(2, 3, 3);
  const IdxImages images = read_idx_images(write_plain("images", bytes));
  EXPECT_EQ(images.count, 2);
  EXPECT_EQ(images.pixels, Bytes(bytes.begin() + 16, bytes.end()));
}

TEST_F(IdxFileTest, ReadsGzipAndPlainLabels) {
  const Bytes labels = {0, 9, 3, 3, 7};
  EXPECT_EQ(read_idx_labels(write_gzip("labels.gz", labels_file(labels)), 10), labels);
  EXPECT_EQ(read_idx_labels(write_plain("labels", labels_file(labels)), 10), labels);
}

TEST_F(IdxFileTest, ReadsImagesLargerThanOneReadChunk) {
  // 70 x 256 x 256 = 4.6 MB of pixels, more than one 4 MiB gzread request.
  const Bytes bytes = images_file(70, 256, 256);
  const IdxImages images = read_idx_images(write_gzip("big.gz", bytes));
  ASSERT_EQ(images.pixels.size(), bytes.size() - 16);
  EXPECT_TRUE(std::equal(images.pixels.begin(), images.pixels.end(), bytes.begin() + 16));
}

TEST_F(IdxFileTest, MissingFileErrorNamesPathAndCannotOpen) {
  const std::string path = (dir_ / "absent.gz").string();
  EXPECT_THAT(error_of([&] { read_idx_images(path); }),
              AllOf(HasSubstr(path), HasSubstr("cannot open file")));
  EXPECT_THAT(error_of([&] { read_idx_labels(path, 10); }),
              AllOf(HasSubstr(path), HasSubstr("cannot open file")));
}

TEST_F(IdxFileTest, WrongMagicNumberIsReportedInHex) {
  const std::string images = write_gzip("x.gz", images_file(2, 2, 2, 0x00000802));
  EXPECT_THAT(error_of([&] { read_idx_images(images); }),
              HasSubstr(images + ": bad magic number 0x00000802, expected 0x00000803 (idx3-ubyte images)"));
  // A labels file passed as images, and vice versa.
  const std::string labels = write_gzip("y.gz", labels_file({1, 2}));
  EXPECT_THAT(error_of([&] { read_idx_images(labels); }),
              HasSubstr(labels + ": bad magic number 0x00000801, expected 0x00000803"));
  EXPECT_THAT(error_of([&] { read_idx_labels(images, 10); }),
              HasSubstr(images + ": bad magic number 0x00000802, expected 0x00000801 (idx1-ubyte labels)"));
}

TEST_F(IdxFileTest, TruncatedPixelsReportHeaderAndActualByteCount) {
  Bytes bytes = images_file(10, 28, 28);
  bytes.resize(16 + 1234);
  const std::string path = write_gzip("short.gz", bytes);
  EXPECT_THAT(
      error_of([&] { read_idx_images(path); }),
      HasSubstr(path + ": truncated: header says 10 images of 28x28 but only 1234 pixel bytes follow"));
}

TEST_F(IdxFileTest, TruncatedLabelsReportHeaderAndActualByteCount) {
  Bytes bytes = labels_file(Bytes(100, 1));
  bytes.resize(8 + 60);
  const std::string path = write_plain("short-labels", bytes);
  EXPECT_THAT(error_of([&] { read_idx_labels(path, 10); }),
              HasSubstr(path + ": truncated: header says 100 labels but only 60 label bytes follow"));
}

TEST_F(IdxFileTest, TruncatedHeaderNamesMissingField) {
  Bytes bytes = images_file(1, 2, 2);
  bytes.resize(9);
  const std::string path = write_gzip("header.gz", bytes);
  EXPECT_THAT(error_of([&] { read_idx_images(path); }),
              HasSubstr(path + ": truncated header: missing row count"));
  const std::string empty = write_plain("empty", {});
  EXPECT_THAT(error_of([&] { read_idx_labels(empty, 10); }),
              HasSubstr(empty + ": truncated header: missing magic number"));
}

TEST_F(IdxFileTest, TrailingBytesAreAnError) {
  Bytes images = images_file(2, 3, 3);
  images.insert(images.end(), {1, 2, 3});
  const std::string images_path = write_gzip("long.gz", images);
  EXPECT_THAT(error_of([&] { read_idx_images(images_path); }),
              HasSubstr(images_path + ": 3 trailing bytes after the 2 images of 3x3"));
  Bytes labels = labels_file({4, 5});
  labels.push_back(6);
  const std::string labels_path = write_plain("long-labels", labels);
  EXPECT_THAT(error_of([&] { read_idx_labels(labels_path, 10); }),
              HasSubstr(labels_path + ": 1 trailing byte after the 2 labels"));
}

TEST_F(IdxFileTest, ZeroDimensionIsAnError) {
  const std::string path = write_gzip("zero.gz", images_file(5, 0, 28));
  EXPECT_THAT(error_of([&] { read_idx_images(path); }),
              HasSubstr(path + ": bad dimensions: header says 5 images of 0x28; all must be positive"));
  const std::string labels = write_gzip("zero-labels.gz", labels_file({}));
  EXPECT_THAT(error_of([&] { read_idx_labels(labels, 10); }), HasSubstr(labels + ": bad dimensions"));
}

TEST_F(IdxFileTest, LabelOutOfRangeNamesValueAndIndex) {
  const std::string path = write_gzip("labels.gz", labels_file({0, 1, 2, 3, 4, 12, 5}));
  EXPECT_THAT(error_of([&] { read_idx_labels(path, 10); }),
              HasSubstr(path + ": label 12 at index 5 is out of range [0, 10)"));
  EXPECT_EQ(read_idx_labels(path, 13).size(), 7u);
}

TEST_F(IdxFileTest, NonPositiveNumClassesIsInvalidArgument) {
  const std::string path = write_gzip("labels.gz", labels_file({0}));
  EXPECT_THROW(read_idx_labels(path, 0), std::invalid_argument);
}

TEST_F(IdxFileTest, CorruptDeflateDataIsReportedAsCorruptGzip) {
  const std::string good = write_gzip("good.gz", images_file(20, 28, 28));
  Bytes raw = read_raw(good);
  // The first deflate byte follows the 10-byte gzip header; BTYPE=11 is a reserved block type.
  raw[10] = 0x07;
  const std::string path = write_plain("bad-block.gz", raw);
  EXPECT_THAT(error_of([&] { read_idx_images(path); }),
              AllOf(HasSubstr(path + ": corrupt gzip stream: "), HasSubstr("invalid block type")));
}

TEST_F(IdxFileTest, GzipChecksumMismatchIsReportedAsCorruptGzip) {
  const std::string good = write_gzip("good.gz", labels_file(Bytes(50, 3)));
  Bytes raw = read_raw(good);
  raw[raw.size() - 8] ^= 0xff;  // First byte of the CRC-32 trailer.
  const std::string path = write_plain("bad-crc.gz", raw);
  EXPECT_THAT(error_of([&] { read_idx_labels(path, 10); }),
              AllOf(HasSubstr(path + ": corrupt gzip stream: "), HasSubstr("incorrect data check")));
}

TEST_F(IdxFileTest, CutOffGzipFileIsReportedAsTruncated) {
  const std::string good = write_gzip("good.gz", images_file(20, 28, 28));
  Bytes raw = read_raw(good);
  raw.resize(raw.size() / 2);
  const std::string path = write_plain("cut.gz", raw);
  EXPECT_THAT(error_of([&] { read_idx_images(path); }),
              AllOf(HasSubstr(path + ": truncated: header says 20 images of 28x28 but only "),
                    HasSubstr("gzip stream ended unexpectedly")));
}

TEST(IdxFileRealData, FashionMnistFilesLoadWithExpectedShapes) {
  const std::string dir = "/usr/share/datasets/fashion-mnist/";
  if (!fs::exists(dir + "train-labels-idx1-ubyte.gz"))
    GTEST_SKIP() << "Fashion-MNIST not installed in " << dir;
  const IdxImages train = read_idx_images(dir + "train-images-idx3-ubyte.gz");
  EXPECT_EQ(train.count, 60000);
  EXPECT_EQ(train.rows, 28);
  EXPECT_EQ(train.cols, 28);
  EXPECT_EQ(train.pixels.size(), 60000u * 28 * 28);
  EXPECT_EQ(read_idx_labels(dir + "train-labels-idx1-ubyte.gz", 10).size(), 60000u);
  const IdxImages test = read_idx_images(dir + "t10k-images-idx3-ubyte.gz");
  EXPECT_EQ(test.count, 10000);
  EXPECT_EQ(test.rows, 28);
  EXPECT_EQ(test.cols, 28);
  EXPECT_EQ(read_idx_labels(dir + "t10k-labels-idx1-ubyte.gz", 10).size(), 10000u);
}

}  // namespace
}  // namespace fedsec::fl
