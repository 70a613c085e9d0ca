#pragma once
// Framing of the networked mode: each message crosses the TLS stream as a 4-byte little-endian
// length followed by that many payload bytes. Decoding is incremental (bytes arrive in any
// pieces) and touches no socket, so it can be tested and fuzzed on its own.

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

#include "privacy/secure/bytes.h"

namespace fedsec::secure {

// The largest payload a frame may carry unless the caller chooses another limit: 1 GiB, well above
// a masked update of a 100-million-parameter model and far below what a u32 length could claim.
constexpr size_t kDefaultMaxFrameBytes = size_t{1} << 30;
constexpr size_t kLengthPrefixBytes = 4;

// A stream of frames that does not decode: a length above the limit or a stream cut inside a frame.
class FrameError : public FormatError {
 public:
  using FormatError::FormatError;
};

// The header of a frame carrying `payload_size` bytes; throws FrameError above max_frame_bytes.
std::array<uint8_t, kLengthPrefixBytes> frame_header(size_t payload_size,
                                                     size_t max_frame_bytes = kDefaultMaxFrameBytes);

// Header and payload of one frame; throws FrameError if the payload exceeds max_frame_bytes.
Bytes encode_frame(const uint8_t* payload, size_t size, size_t max_frame_bytes = kDefaultMaxFrameBytes);
inline Bytes encode_frame(const Bytes& payload, size_t max_frame_bytes = kDefaultMaxFrameBytes) {
  return encode_frame(payload.data(), payload.size(), max_frame_bytes);
}

// Splits a byte stream into frames. Memory grows only with the bytes actually fed, never with a
// length a header merely announces, so a hostile header cannot make it allocate.
class FrameDecoder {
 public:
  // max_frame_bytes must be below 2^32 (a u32 length cannot say more).
  explicit FrameDecoder(size_t max_frame_bytes = kDefaultMaxFrameBytes);

  // Takes the next piece of the stream. Throws FrameError as soon as a header announces a payload
  // above the limit; after that the decoder refuses all further input.
  void feed(const uint8_t* data, size_t size);
  void feed(const Bytes& bytes) { feed(bytes.data(), bytes.size()); }

  // The oldest complete frame not yet taken, if any.
  std::optional<Bytes> next();

  // Declares the end of the stream: throws FrameError if it stopped inside a frame (a truncated
  // header or payload).
  void finish() const;

  size_t max_frame_bytes() const { return max_frame_bytes_; }

 private:
  size_t max_frame_bytes_;
  uint8_t header_[kLengthPrefixBytes] = {};
  size_t header_fill_ = 0;
  bool in_payload_ = false;
  size_t payload_size_ = 0;  // announced length of the frame being filled
  Bytes payload_;
  std::deque<Bytes> complete_;
  bool failed_ = false;
};

}  // namespace fedsec::secure
