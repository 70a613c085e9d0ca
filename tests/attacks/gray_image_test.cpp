#include "attacks/inversion/gray_image.h"

#include <gtest/gtest.h>

#include <cmath>

#include "fl/errors.h"

namespace fedsec::attacks {
namespace {

// A w x h image whose every pixel is value.
GrayImage flat(int w, int h, std::uint8_t value) {
  return {w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h, value)};
}

TEST(GrayImage, ConvertsUnitIntensitiesWithRoundingAndClamping) {
  EXPECT_EQ(to_gray_byte(0.0), 0);
  EXPECT_EQ(to_gray_byte(1.0), 255);
  EXPECT_EQ(to_gray_byte(0.5), 128);  // 127.5 rounds up
  EXPECT_EQ(to_gray_byte(0.4 / 255), 0);
  EXPECT_EQ(to_gray_byte(0.6 / 255), 1);
  EXPECT_EQ(to_gray_byte(-0.3), 0);
  EXPECT_EQ(to_gray_byte(7.0), 255);
  EXPECT_EQ(to_gray_byte(std::nan("")), 0);
  const GrayImage image = gray_image_from_unit(3, 1, {0.0f, 0.25f, 2.0f});
  EXPECT_EQ(image.width, 3);
  EXPECT_EQ(image.height, 1);
  EXPECT_EQ(image.pixels, (std::vector<std::uint8_t>{0, 64, 255}));
  EXPECT_THROW(gray_image_from_unit(2, 2, {0.0f}), UsageError);
}

TEST(GrayImage, GridPlacesEachImageInItsCellWithGapsOfBackground) {
  // Row 0 holds A and B, row 1 only C; 2x3 images, gap 1, background 7: the grid is 5 x 7.
  GrayImage a = flat(2, 3, 10), b = flat(2, 3, 20), c = flat(2, 3, 30);
  a.pixels[1] = 11;  // (x 1, y 0) of A
  c.pixels[4] = 31;  // (x 0, y 2) of C
  const GrayImage grid = tile_grid({{a, b}, {c}}, 1, 7);
  ASSERT_EQ(grid.width, 5);
  ASSERT_EQ(grid.height, 7);
  const std::vector<std::uint8_t> expected = {
      10, 11, 7, 20, 20,  //
      10, 10, 7, 20, 20,  //
      10, 10, 7, 20, 20,  //
      7,  7,  7, 7,  7,   //
      30, 30, 7, 7,  7,   //
      30, 30, 7, 7,  7,   //
      31, 30, 7, 7,  7,   //
  };
  EXPECT_EQ(grid.pixels, expected);
}

TEST(GrayImage, GridWithoutGapsAbutsTheImages) {
  const GrayImage grid = tile_grid({{flat(1, 2, 1), flat(1, 2, 2), flat(1, 2, 3)}}, 0, 0);
  EXPECT_EQ(grid.width, 3);
  EXPECT_EQ(grid.height, 2);
  EXPECT_EQ(grid.pixels, (std::vector<std::uint8_t>{1, 2, 3, 1, 2, 3}));
}

TEST(GrayImage, GridRejectsBadInput) {
  EXPECT_THROW(tile_grid({}, 1, 0), UsageError);
  EXPECT_THROW(tile_grid({{}, {}}, 1, 0), UsageError);
  EXPECT_THROW(tile_grid({{flat(2, 2, 0), flat(2, 3, 0)}}, 1, 0), UsageError);
  EXPECT_THROW(tile_grid({{flat(2, 2, 0)}}, -1, 0), UsageError);
  EXPECT_THROW(tile_grid({{GrayImage{2, 2, {1, 2, 3}}}}, 1, 0), UsageError);
}

}  // namespace
}  // namespace fedsec::attacks
