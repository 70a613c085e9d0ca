// Fuzz target: the TLS mode's frame decoding (privacy/secure/frame_codec.h) on arbitrary bytes fed
// in arbitrary pieces. The first input byte sets the maximum frame size (64 times its value), the
// second the size of the pieces (1 to 256 bytes); the rest is the stream. Fed in pieces or all at
// once, the decoder must yield the same frames and the same verdict; each frame must respect the
// maximum and the frames re-encoded must be exactly the start of the stream (all of it when the
// stream ends between frames). Any other exception than FrameError, crash or sanitizer report is
// a finding.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "privacy/secure/frame_codec.h"

namespace fedsec::secure {
namespace {

struct Outcome {
  std::vector<Bytes> frames;
  bool failed = false;
};

Outcome decode(const uint8_t* data, size_t size, size_t max_frame_bytes, size_t piece) {
  FrameDecoder decoder(max_frame_bytes);
  Outcome outcome;
  try {
    for (size_t at = 0; at < size; at += piece) {
      decoder.feed(data + at, std::min(piece, size - at));
      while (std::optional<Bytes> frame = decoder.next()) outcome.frames.push_back(std::move(*frame));
    }
  } catch (const FrameError&) {
    outcome.failed = true;
    while (std::optional<Bytes> frame = decoder.next()) outcome.frames.push_back(std::move(*frame));
  }
  if (!outcome.failed) {
    try {
      decoder.finish();
    } catch (const FrameError&) {
      outcome.failed = true;
    }
  }
  return outcome;
}

[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "tls_frame_fuzz: %s\n", what);
  std::abort();
}

}  // namespace
}  // namespace fedsec::secure

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fedsec::secure;
  if (size < 2) return 0;
  const size_t max_frame_bytes = size_t{data[0]} * 64;
  const size_t piece = size_t{data[1]} + 1;
  data += 2;
  size -= 2;
  const Outcome pieces = decode(data, size, max_frame_bytes, piece);
  const Outcome whole = decode(data, size, max_frame_bytes, size == 0 ? 1 : size);
  if (pieces.failed != whole.failed || pieces.frames != whole.frames) {
    finding("feeding in pieces and all at once disagree");
  }
  size_t consumed = 0;
  for (const Bytes& frame : pieces.frames) {
    if (frame.size() > max_frame_bytes) finding("a frame exceeds the maximum");
    const Bytes encoded = encode_frame(frame, max_frame_bytes);
    if (consumed + encoded.size() > size ||
        std::memcmp(encoded.data(), data + consumed, encoded.size()) != 0) {
      finding("a frame does not re-encode to the bytes it came from");
    }
    consumed += encoded.size();
  }
  if (!pieces.failed && consumed != size) finding("bytes left over without a FrameError");
  return 0;
}
