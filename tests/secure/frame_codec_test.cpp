// The networked mode's framing: frames survive any split of the stream, and an oversize length or
// a stream cut inside a frame is a FrameError, raised before any large allocation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <numeric>

#include "privacy/secure/frame_codec.h"

namespace fedsec::secure {
namespace {

using ::testing::HasSubstr;

Bytes counting(size_t n) {
  Bytes b(n);
  std::iota(b.begin(), b.end(), uint8_t{0});
  return b;
}

Bytes concat(const std::vector<Bytes>& parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST(FrameCodec, HeaderIsLittleEndianLength) {
  const Bytes frame = encode_frame(counting(258));
  ASSERT_EQ(frame.size(), 262u);
  EXPECT_EQ((Bytes{frame.begin(), frame.begin() + 4}), (Bytes{2, 1, 0, 0}));
  EXPECT_EQ((Bytes{frame.begin() + 4, frame.end()}), counting(258));
}

TEST(FrameCodec, DecodesFramesWhateverTheSplit) {
  const std::vector<Bytes> payloads = {counting(5), {}, counting(300), {0xff}};
  std::vector<Bytes> frames;
  for (const Bytes& p : payloads) frames.push_back(encode_frame(p));
  const Bytes stream = concat(frames);
  for (size_t piece : {size_t{1}, size_t{3}, size_t{4}, size_t{7}, size_t{64}, stream.size()}) {
    FrameDecoder decoder;
    std::vector<Bytes> decoded;
    for (size_t at = 0; at < stream.size(); at += piece) {
      decoder.feed(stream.data() + at, std::min(piece, stream.size() - at));
      while (auto frame = decoder.next()) decoded.push_back(*frame);
    }
    EXPECT_NO_THROW(decoder.finish());
    EXPECT_EQ(decoded, payloads) << "pieces of " << piece;
  }
}

TEST(FrameCodec, AcceptsExactlyTheMaximum) {
  FrameDecoder decoder(16);
  decoder.feed(encode_frame(counting(16), 16));
  EXPECT_EQ(decoder.next(), counting(16));
}

TEST(FrameCodec, OversizeLengthFailsOnTheHeaderAlone) {
  FrameDecoder decoder(1024);
  // A header announcing 4 GiB - 1: refused as soon as its four bytes are in, before any payload.
  try {
    decoder.feed(Bytes{0xff, 0xff, 0xff, 0xff});
    FAIL() << "accepted an oversize length";
  } catch (const FrameError& e) {
    EXPECT_THAT(e.what(), HasSubstr("4294967295 bytes, above the maximum of 1024"));
  }
  // A failed stream stays failed.
  EXPECT_THROW(decoder.feed(encode_frame(counting(3))), FrameError);
  EXPECT_EQ(decoder.next(), std::nullopt);
}

TEST(FrameCodec, OversizeLengthAfterGoodFramesKeepsTheGoodOnes) {
  FrameDecoder decoder(8);
  const Bytes stream = concat({encode_frame(counting(2)), Bytes{9, 0, 0, 0}});
  EXPECT_THROW(decoder.feed(stream), FrameError);
  EXPECT_EQ(decoder.next(), counting(2));
}

TEST(FrameCodec, DefaultMaximumIsOneGibibyte) {
  FrameDecoder decoder;
  EXPECT_EQ(decoder.max_frame_bytes(), kDefaultMaxFrameBytes);
  EXPECT_EQ(kDefaultMaxFrameBytes, size_t{1} << 30);
  EXPECT_THROW(decoder.feed(Bytes{0x01, 0x00, 0x00, 0x40}), FrameError);  // 2^30 + 1
}

TEST(FrameCodec, TruncatedHeaderOrPayloadFailsAtTheEnd) {
  FrameDecoder in_header;
  in_header.feed(Bytes{5, 0});
  EXPECT_EQ(in_header.next(), std::nullopt);
  EXPECT_THROW(in_header.finish(), FrameError);

  FrameDecoder in_payload;
  const Bytes frame = encode_frame(counting(10));
  in_payload.feed(frame.data(), frame.size() - 1);
  EXPECT_EQ(in_payload.next(), std::nullopt);
  try {
    in_payload.finish();
    FAIL() << "accepted a truncated payload";
  } catch (const FrameError& e) {
    EXPECT_THAT(e.what(), HasSubstr("9 of 10 payload bytes"));
  }

  FrameDecoder empty;
  EXPECT_NO_THROW(empty.finish());
}

TEST(FrameCodec, RefusesToEncodeAboveTheMaximum) {
  EXPECT_THROW(encode_frame(counting(17), 16), FrameError);
  EXPECT_THROW(frame_header(size_t{1} << 32, ~size_t{0}), FrameError);  // beyond a u32 length
  EXPECT_THROW(FrameDecoder(size_t{1} << 32), std::invalid_argument);
}

}  // namespace
}  // namespace fedsec::secure
