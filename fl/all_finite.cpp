#include "fl/all_finite.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace fedsec::fl {

bool all_finite(const torch::Tensor& t) {
  if (t.scalar_type() != torch::kFloat32 || !t.is_contiguous()) return torch::isfinite(t).all().item<bool>();
  // An IEEE-754 single is NaN or Inf exactly when its eight exponent bits are all set.
  constexpr uint32_t kExponent = 0x7f800000u;
  const float* values = t.data_ptr<float>();
  const int64_t n = t.numel();
  constexpr int64_t kSpan = 4096;  // checked between spans, so a bad entry ends the pass early
  for (int64_t start = 0; start < n; start += kSpan) {
    const int64_t end = std::min(n, start + kSpan);
    uint32_t bad = 0;
    for (int64_t i = start; i < end; ++i) {
      uint32_t bits;
      std::memcpy(&bits, values + i, sizeof bits);
      bad |= static_cast<uint32_t>((bits & kExponent) == kExponent);
    }
    if (bad) return false;
  }
  return true;
}

}  // namespace fedsec::fl
