#include "attacks/inversion/gray_image.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "fl/errors.h"

namespace fedsec::attacks {
namespace {

void check_size(const char* what, int width, int height, std::size_t pixels) {
  if (width < 1 || height < 1 || pixels != static_cast<std::size_t>(width) * static_cast<std::size_t>(height))
    throw UsageError(std::string(what) + ": a " + std::to_string(width) + "x" + std::to_string(height) +
                     " image with " + std::to_string(pixels) + " pixels");
}

}  // namespace

std::uint8_t to_gray_byte(double value) {
  if (!(value > 0.0)) return 0;  // also NaN
  if (value >= 1.0) return 255;
  return static_cast<std::uint8_t>(std::lround(value * 255.0));
}

GrayImage gray_image_from_unit(int width, int height, const std::vector<float>& values) {
  check_size("gray_image_from_unit", width, height, values.size());
  GrayImage image{width, height, std::vector<std::uint8_t>(values.size())};
  std::transform(values.begin(), values.end(), image.pixels.begin(), [](float v) { return to_gray_byte(v); });
  return image;
}

GrayImage tile_grid(const std::vector<std::vector<GrayImage>>& rows, int gap, std::uint8_t background) {
  if (gap < 0) throw UsageError("tile_grid: gap must be >= 0, got " + std::to_string(gap));
  const GrayImage* first = nullptr;
  std::size_t columns = 0;
  for (const auto& row : rows) {
    columns = std::max(columns, row.size());
    for (const GrayImage& image : row) {
      check_size("tile_grid", image.width, image.height, image.pixels.size());
      if (first == nullptr) first = &image;
      if (image.width != first->width || image.height != first->height)
        throw UsageError("tile_grid: images differ in size (" + std::to_string(first->width) + "x" +
                         std::to_string(first->height) + " and " + std::to_string(image.width) + "x" +
                         std::to_string(image.height) + ")");
    }
  }
  if (first == nullptr) throw UsageError("tile_grid: no images");

  const int w = first->width, h = first->height, n_rows = static_cast<int>(rows.size());
  const int n_cols = static_cast<int>(columns);
  GrayImage grid;
  grid.width = n_cols * w + (n_cols - 1) * gap;
  grid.height = n_rows * h + (n_rows - 1) * gap;
  grid.pixels.assign(static_cast<std::size_t>(grid.width) * grid.height, background);
  for (int r = 0; r < n_rows; ++r) {
    for (int c = 0; c < static_cast<int>(rows[r].size()); ++c) {
      const GrayImage& image = rows[r][c];
      const int x0 = c * (w + gap), y0 = r * (h + gap);
      for (int y = 0; y < h; ++y)
        std::copy_n(image.pixels.begin() + static_cast<std::size_t>(y) * w, w,
                    grid.pixels.begin() + static_cast<std::size_t>(y0 + y) * grid.width + x0);
    }
  }
  return grid;
}

}  // namespace fedsec::attacks
