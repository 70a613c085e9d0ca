#include "fl/idx_file.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

namespace fedsec::fl {
namespace {

constexpr uint32_t kImagesMagic = 0x00000803;
constexpr uint32_t kLabelsMagic = 0x00000801;
// Largest single gzread request; payloads are read in pieces of this size.
constexpr int64_t kChunkBytes = int64_t{1} << 22;
// Payload capacity reserved up front (enough for MNIST's 47 MB in one allocation); beyond it the
// buffer grows as data actually arrives, so a lying header cannot force a huge allocation.
constexpr int64_t kReserveBytes = int64_t{1} << 26;

std::string hex32(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", static_cast<unsigned>(value));
  return text;
}

// An open gzip (or plain) file; every failure throws DataFileError prefixed with the path.
class GzReader {
 public:
  explicit GzReader(const std::string& path) : path_(path) {
    errno = 0;
    file_ = gzopen(path.c_str(), "rb");
    if (file_ == nullptr) {
      fail(errno != 0 ? "cannot open file (" + std::string(std::strerror(errno)) + ")" : "cannot open file");
    }
    gzbuffer(file_, 1 << 17);
  }
  GzReader(const GzReader&) = delete;
  GzReader& operator=(const GzReader&) = delete;
  ~GzReader() { gzclose(file_); }

  [[noreturn]] void fail(const std::string& problem) const { throw DataFileError(path_ + ": " + problem); }

  // Reads up to n bytes into out and returns how many were read (fewer only at end of data).
  int64_t read(uint8_t* out, int64_t n) {
    int64_t got = 0;
    while (got < n) {
      const auto want = static_cast<unsigned>(std::min(n - got, kChunkBytes));
      const int r = gzread(file_, out + got, want);
      if (r < 0) fail("corrupt gzip stream: " + zlib_message(nullptr));
      if (r == 0) break;
      got += r;
    }
    return got;
  }

  // Why the last short read ended early, or "" if the data simply ended (zlib reports a gzip
  // stream cut off in the middle as Z_BUF_ERROR without failing the read).
  std::string early_end_reason() {
    int code = Z_OK;
    const std::string message = zlib_message(&code);
    return code == Z_BUF_ERROR ? " (gzip stream ended unexpectedly: " + message + ")" : "";
  }

  // Reads a big-endian 32-bit header field, or fails naming the field.
  uint32_t read_u32(const char* field) {
    uint8_t bytes[4];
    if (read(bytes, 4) != 4) fail(std::string("truncated header: missing ") + field + early_end_reason());
    return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) | bytes[3];
  }

  // Reads exactly n payload bytes; on a short read fails with "truncated: <what>" plus the count.
  std::vector<uint8_t> read_payload(int64_t n, const std::string& header_says, const char* unit) {
    std::vector<uint8_t> data;
    data.reserve(static_cast<size_t>(std::min(n, kReserveBytes)));
    int64_t got = 0;
    while (got < n) {
      const int64_t want = std::min(n - got, kChunkBytes);
      data.resize(static_cast<size_t>(got + want));
      const int64_t r = read(data.data() + got, want);
      got += r;
      if (r < want) {
        fail("truncated: header says " + header_says + " but only " + std::to_string(got) + " " + unit +
             " bytes follow" + early_end_reason());
      }
    }
    return data;
  }

  // Fails if any data follows the payload.
  void expect_end(const std::string& header_says) {
    uint8_t scratch[1 << 14];
    int64_t extra = 0;
    for (int64_t r; (r = read(scratch, sizeof scratch)) > 0;) extra += r;
    if (extra > 0) {
      fail(std::to_string(extra) + (extra == 1 ? " trailing byte" : " trailing bytes") + " after the " +
           header_says + " the header announces");
    }
  }

 private:
  // zlib's description of the last error, without the "<path>: " prefix zlib puts on it.
  std::string zlib_message(int* code) {
    int ignored = Z_OK;
    std::string message = gzerror(file_, code != nullptr ? code : &ignored);
    const std::string prefix = path_ + ": ";
    if (message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
    return message;
  }

  std::string path_;
  gzFile file_ = nullptr;
};

void check_magic(GzReader& in, uint32_t expected, const char* kind) {
  const uint32_t magic = in.read_u32("magic number");
  if (magic != expected) {
    in.fail("bad magic number " + hex32(magic) + ", expected " + hex32(expected) + " (" + kind + ")");
  }
}

}  // namespace

IdxImages read_idx_images(const std::string& path) {
  GzReader in(path);
  check_magic(in, kImagesMagic, "idx3-ubyte images");
  IdxImages images;
  images.count = in.read_u32("image count");
  images.rows = in.read_u32("row count");
  images.cols = in.read_u32("column count");
  const std::string header_says = std::to_string(images.count) + " images of " + std::to_string(images.rows) +
                                  "x" + std::to_string(images.cols);
  if (images.count <= 0 || images.rows <= 0 || images.cols <= 0) {
    in.fail("bad dimensions: header says " + header_says + "; all must be positive");
  }
  // Each field is below 2^32, so rows*cols fits; only the product with count can overflow.
  const int64_t per_image = images.rows * images.cols;
  if (per_image > std::numeric_limits<int64_t>::max() / images.count) {
    in.fail("bad dimensions: header says " + header_says + ", too large to hold");
  }
  images.pixels = in.read_payload(images.count * per_image, header_says, "pixel");
  in.expect_end(header_says);
  return images;
}

std::vector<uint8_t> read_idx_labels(const std::string& path, int num_classes) {
  if (num_classes < 1) {
    throw std::invalid_argument("read_idx_labels: num_classes must be >= 1, got " +
                                std::to_string(num_classes));
  }
  GzReader in(path);
  check_magic(in, kLabelsMagic, "idx1-ubyte labels");
  const int64_t count = in.read_u32("label count");
  const std::string header_says = std::to_string(count) + " labels";
  if (count <= 0) in.fail("bad dimensions: header says " + header_says + "; the count must be positive");
  std::vector<uint8_t> labels = in.read_payload(count, header_says, "label");
  in.expect_end(header_says);
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] >= num_classes) {
      in.fail("label " + std::to_string(labels[i]) + " at index " + std::to_string(i) +
              " is out of range [0, " + std::to_string(num_classes) + ")");
    }
  }
  return labels;
}

}  // namespace fedsec::fl
