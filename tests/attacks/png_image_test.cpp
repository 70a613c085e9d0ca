#include "attacks/inversion/png_image.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "fl/errors.h"

namespace fedsec::attacks {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

fs::path temp_dir() {
  const auto dir = fs::temp_directory_path() / ("fedsec_png_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

Bytes read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

std::uint32_t get_u32(const Bytes& bytes, std::size_t at) {
  return std::uint32_t{bytes.at(at)} << 24 | std::uint32_t{bytes.at(at + 1)} << 16 |
         std::uint32_t{bytes.at(at + 2)} << 8 | bytes.at(at + 3);
}

struct DecodedPng {
  std::uint32_t width = 0, height = 0;
  Bytes header;  // the 13 IHDR bytes
  Bytes pixels;
};

// A minimal decoder for what write_png_gray promises: checks the signature and every chunk's
// CRC, inflates the IDAT data, and strips the filter byte (which must be 0) of each scanline.
DecodedPng decode_gray_png(const Bytes& file) {
  const Bytes signature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  EXPECT_TRUE(std::equal(signature.begin(), signature.end(), file.begin()));
  DecodedPng png;
  Bytes idat;
  std::size_t at = signature.size();
  bool ended = false;
  while (at < file.size()) {
    const std::uint32_t length = get_u32(file, at);
    const std::string type(file.begin() + at + 4, file.begin() + at + 8);
    const Bytes data(file.begin() + at + 8, file.begin() + at + 8 + length);
    const uLong crc = crc32(crc32(0L, Z_NULL, 0), file.data() + at + 4, 4 + length);
    EXPECT_EQ(get_u32(file, at + 8 + length), crc) << type;
    if (type == "IHDR") png.header = data;
    if (type == "IDAT") idat.insert(idat.end(), data.begin(), data.end());
    if (type == "IEND") ended = true;
    at += 12 + length;
  }
  EXPECT_TRUE(ended);
  EXPECT_EQ(at, file.size());
  png.width = get_u32(png.header, 0);
  png.height = get_u32(png.header, 4);
  uLongf raw_size = static_cast<uLongf>(png.height) * (png.width + 1);
  Bytes raw(raw_size + 1);  // one spare byte: more data than expected would show as a size mismatch
  uLongf got = raw.size();
  EXPECT_EQ(uncompress(raw.data(), &got, idat.data(), idat.size()), Z_OK);
  EXPECT_EQ(got, raw_size);
  for (std::uint32_t y = 0; y < png.height; ++y) {
    const auto row = raw.begin() + y * (png.width + 1);
    EXPECT_EQ(*row, 0) << "filter byte of row " << y;
    png.pixels.insert(png.pixels.end(), row + 1, row + 1 + png.width);
  }
  return png;
}

TEST(PngImage, RoundTripsThePixelsExactly) {
  const int width = 37, height = 23;
  std::mt19937 rng(5);
  Bytes pixels(width * height);
  for (auto& p : pixels) p = static_cast<std::uint8_t>(rng());
  const fs::path path = temp_dir() / "noise.png";
  write_png_gray(path.string(), width, height, pixels);

  const Bytes file = read_bytes(path);
  ASSERT_GT(file.size(), 33u);
  EXPECT_EQ(get_u32(file, 8), 13u);  // IHDR comes first
  EXPECT_EQ(std::string(file.begin() + 12, file.begin() + 16), "IHDR");
  const DecodedPng png = decode_gray_png(file);
  EXPECT_EQ(png.width, 37u);
  EXPECT_EQ(png.height, 23u);
  EXPECT_EQ(png.header, (Bytes{0, 0, 0, 37, 0, 0, 0, 23, 8, 0, 0, 0, 0}));
  EXPECT_EQ(png.pixels, pixels);
}

TEST(PngImage, WritesASinglePixelAndReplacesAnExistingFileWithoutLeftovers) {
  const fs::path dir = temp_dir() / "replace";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path path = dir / "one.png";
  write_png_gray(path.string(), 2, 1, {10, 20});
  write_png_gray(path.string(), 1, 1, {200});
  EXPECT_EQ(decode_gray_png(read_bytes(path)).pixels, Bytes{200});
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(PngImage, UnwritablePathThrowsNamingIt) {
  const std::string missing_dir = (temp_dir() / "no_such_dir" / "x.png").string();
  EXPECT_THAT([&] { write_png_gray(missing_dir, 1, 1, {0}); },
              testing::ThrowsMessage<std::runtime_error>(testing::HasSubstr(missing_dir)));
  const fs::path dir = temp_dir() / "a_directory";
  fs::create_directories(dir);
  EXPECT_THAT([&] { write_png_gray(dir.string(), 1, 1, {0}); },
              testing::ThrowsMessage<std::runtime_error>(testing::HasSubstr(dir.string())));
  for (const auto& entry : fs::directory_iterator(temp_dir()))
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
}

TEST(PngImage, RejectsSizesThatDoNotMatchThePixels) {
  const std::string path = (temp_dir() / "bad.png").string();
  EXPECT_THROW(write_png_gray(path, 0, 1, {}), UsageError);
  EXPECT_THROW(write_png_gray(path, 2, 2, {1, 2, 3}), UsageError);
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace fedsec::attacks
