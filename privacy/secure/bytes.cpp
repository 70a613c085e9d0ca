#include "privacy/secure/bytes.h"

#include <cstring>
#include <string>

namespace fedsec::secure {

void ByteWriter::u32(uint32_t v) {
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void ByteWriter::u64(uint64_t v) {
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void ByteWriter::u32s(const uint32_t* v, size_t n) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  raw(reinterpret_cast<const uint8_t*>(v), sizeof(uint32_t) * n);
#else
  for (size_t i = 0; i < n; ++i) u32(v[i]);
#endif
}

void ByteWriter::raw(const uint8_t* data, size_t n) {
  // Resized then copied rather than inserted: GCC 12 misreads an insert into an empty vector as
  // an overflow (-Wstringop-overflow) once inlined.
  const size_t start = out_.size();
  out_.resize(start + n);
  if (n > 0) std::memcpy(out_.data() + start, data, n);
}

void ByteWriter::blob(const Bytes& b) {
  u32(static_cast<uint32_t>(b.size()));
  raw(b);
}

const uint8_t* ByteReader::need(size_t n) {
  if (n > size_ - pos_) {
    throw FormatError("message too short: need " + std::to_string(n) + " more bytes at offset " +
                      std::to_string(pos_) + " of " + std::to_string(size_));
  }
  const uint8_t* p = data_ + pos_;
  pos_ += n;
  return p;
}

uint8_t ByteReader::u8() { return *need(1); }

uint32_t ByteReader::u32() {
  const uint8_t* p = need(4);
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(p[i]) << (8 * i);
  return v;
}

uint64_t ByteReader::u64() {
  const uint8_t* p = need(8);
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

void ByteReader::u32s(uint32_t* out, size_t n) {
  if (n > remaining() / sizeof(uint32_t)) {
    throw FormatError("message too short: need " + std::to_string(n) + " words at offset " +
                      std::to_string(pos_) + " of " + std::to_string(size_));
  }
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (n > 0) raw(reinterpret_cast<uint8_t*>(out), sizeof(uint32_t) * n);
#else
  for (size_t i = 0; i < n; ++i) out[i] = u32();
#endif
}

void ByteReader::raw(uint8_t* out, size_t n) { std::memcpy(out, need(n), n); }

Bytes ByteReader::raw(size_t n) {
  const uint8_t* p = need(n);
  return Bytes(p, p + n);
}

Bytes ByteReader::blob() { return raw(u32()); }

void ByteReader::expect_end() const {
  if (pos_ != size_) {
    throw FormatError("message has " + std::to_string(size_ - pos_) + " trailing bytes");
  }
}

}  // namespace fedsec::secure
