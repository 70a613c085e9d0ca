#pragma once
// NumPy .npy files (format versions 1.0-3.0) of float32 or float64 in C order, the way updates
// and results cross the command line. Every malformed file is a UsageError whose message names
// the file and what is wrong: missing, truncated, bad magic, bad header, Fortran order, a dtype
// other than little-endian float32/float64, or extra bytes after the data.

#include <cstdint>
#include <string>
#include <vector>

namespace fedsec::fl {

struct NpyArray {
  std::vector<int64_t> shape;  // empty for a scalar
  bool float64 = false;        // the file's dtype: '<f8' when true, '<f4' otherwise
  std::vector<float> data;     // C order, converted to float32
};

NpyArray read_npy(const std::string& path);

// Writes a version 1.0 file with dtype '<f4', or '<f8' when float64 (values widened). Throws
// std::runtime_error when the file cannot be written; shape's product must equal data.size().
void write_npy(const std::string& path, const std::vector<int64_t>& shape, const std::vector<float>& data,
               bool float64 = false);

// "(3, 4)", as NumPy prints a shape.
std::string shape_text(const std::vector<int64_t>& shape);

}  // namespace fedsec::fl
