#pragma once
// Grayscale 8-bit images and grids of them, for showing reconstructions beside the originals.

#include <cstdint>
#include <vector>

namespace fedsec::attacks {

// Row-major pixels, top row first, pixels.size() == width * height.
struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;
};

// Maps an intensity in [0, 1] to a byte: round(value * 255), values outside [0, 1] clamped, NaN
// to 0.
std::uint8_t to_gray_byte(double value);

// Converts row-major intensities in [0, 1] to an image with to_gray_byte. Throws UsageError if
// width or height is < 1 or values.size() != width * height.
GrayImage gray_image_from_unit(int width, int height, const std::vector<float>& values);

// Tiles images into one: rows[r][c] goes to grid cell (r, c), cells are gap pixels apart, and
// cells a shorter row lacks, and the gaps, are filled with background. All images must have the
// same size; the grid is (columns * w + (columns - 1) * gap) x (rows * h + (rows - 1) * gap) with
// columns the longest row's length. Throws UsageError on no images, mixed or invalid sizes, or
// gap < 0.
GrayImage tile_grid(const std::vector<std::vector<GrayImage>>& rows, int gap, std::uint8_t background);

}  // namespace fedsec::attacks
