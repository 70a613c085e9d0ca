#pragma once
// Fixed-point encoding of float updates into the ring Z_{2^32}, where secure aggregation masks
// and sums. A value x is clipped to [-clip, clip] and encoded as round(x * scale) mod 2^32
// (two's complement; NaN encodes as 0, infinities as +-clip). A sum of at most `max_summands`
// encodings is decoded by reading it as a signed 32-bit integer and dividing by scale; it is
// exact as long as the integer sum stays in [-2^31, 2^31), which scale guarantees:
//
//   scale = 2^floor(log2((2^31 - 1) / (max_summands * clip)))
//
// Bound: for n <= max_summands inputs, every coordinate of the decoded sum differs from the sum
// of the clipped inputs (computed exactly) by at most n / (2 * scale) (one rounding of at most
// half a step per input; the final division by a power of two is exact in double precision).

#include <cstdint>
#include <vector>

namespace fedsec::secure {

class FixedPointCodec {
 public:
  // Throws std::invalid_argument unless clip > 0, max_summands >= 1 and scale >= 1.
  FixedPointCodec(double clip, int max_summands);

  double clip() const { return clip_; }
  double scale() const { return scale_; }
  int max_summands() const { return max_summands_; }
  // The documented bound on |decoded sum - sum of clipped inputs| for n summands.
  double error_bound(int n) const { return n / (2.0 * scale_); }

  std::vector<uint32_t> encode(const std::vector<float>& values) const;
  std::vector<double> decode_sum(const std::vector<uint32_t>& sum) const;
  // The value encode() would round, before rounding: clip(x).
  double clipped(float x) const;

 private:
  double clip_;
  int max_summands_;
  double scale_;
};

}  // namespace fedsec::secure
