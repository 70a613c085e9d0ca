#pragma once
// Byte strings and a bounds-checked little-endian reader/writer for the wire formats of the
// secure channel and of secure aggregation. Bytes is the same type as fl::Bytes, so a
// fl::Transport can hand its messages over unchanged.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace fedsec::secure {

using Bytes = std::vector<uint8_t>;

// A byte string that does not parse (too short, bad tag or count).
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Appends fixed-width little-endian integers and raw bytes.
class ByteWriter {
 public:
  void u8(uint8_t v) { out_.push_back(v); }
  void u32(uint32_t v);
  void i32(int32_t v) { u32(static_cast<uint32_t>(v)); }
  void u64(uint64_t v);
  // n little-endian u32 words in one go (what a masked vector is made of).
  void u32s(const uint32_t* v, size_t n);
  void raw(const uint8_t* data, size_t n);
  void raw(const Bytes& b) { raw(b.data(), b.size()); }
  // A u32 length followed by the bytes.
  void blob(const Bytes& b);
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

// Reads what ByteWriter wrote; every read past the end throws FormatError.
class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  explicit ByteReader(const Bytes& b) : ByteReader(b.data(), b.size()) {}
  uint8_t u8();
  uint32_t u32();
  int32_t i32() { return static_cast<int32_t>(u32()); }
  uint64_t u64();
  // Reads n little-endian u32 words into out.
  void u32s(uint32_t* out, size_t n);
  void raw(uint8_t* out, size_t n);
  Bytes raw(size_t n);
  Bytes blob();
  size_t remaining() const { return size_ - pos_; }
  // Throws FormatError unless every byte was read.
  void expect_end() const;

 private:
  const uint8_t* need(size_t n);
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace fedsec::secure
