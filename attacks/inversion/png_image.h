#pragma once
// Writes 8-bit grayscale PNG files (ISO/IEC 15948, colour type 0, no interlace), the format the
// gradient-inversion commands use for reconstructed image grids.

#include <cstdint>
#include <string>
#include <vector>

namespace fedsec::attacks {

// Writes pixels (row-major, top row first, width * height bytes, 0 black .. 255 white) to path as
// a PNG: every scanline with filter byte 0, all in one zlib-compressed IDAT chunk. The file is
// written to a temporary file beside path and renamed over it, so a reader never sees a partial
// file. Throws UsageError if width or height is < 1 or pixels.size() != width * height, and
// std::runtime_error naming path if the file cannot be written.
void write_png_gray(const std::string& path, int width, int height, const std::vector<std::uint8_t>& pixels);

}  // namespace fedsec::attacks
