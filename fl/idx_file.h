#pragma once
// Readers for the IDX format (optionally gzip-compressed) used by MNIST and Fashion-MNIST.
// Every check failure throws DataFileError whose message names the file and the problem.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace fedsec::fl {

// A data file that is missing, unreadable or malformed.
class DataFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Images of an idx3-ubyte file: count x rows x cols bytes, row-major.
struct IdxImages {
  int64_t count = 0;
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<uint8_t> pixels;
};

// Reads an idx3-ubyte file (magic 0x00000803), gzip or plain. Validates the magic number,
// positive dimensions, and that the file holds exactly count*rows*cols pixel bytes.
IdxImages read_idx_images(const std::string& path);

// Reads an idx1-ubyte file (magic 0x00000801), gzip or plain. Validates the magic number,
// the exact byte count, and that every label is < num_classes.
std::vector<uint8_t> read_idx_labels(const std::string& path, int num_classes);

}  // namespace fedsec::fl
