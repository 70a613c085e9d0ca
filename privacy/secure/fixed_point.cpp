#include "privacy/secure/fixed_point.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace fedsec::secure {

FixedPointCodec::FixedPointCodec(double clip, int max_summands) : clip_(clip), max_summands_(max_summands) {
  if (!(clip > 0) || !std::isfinite(clip)) throw std::invalid_argument("fixed-point clip must be positive");
  if (max_summands < 1) throw std::invalid_argument("fixed-point max_summands must be at least 1");
  const double room = 2147483647.0 / (static_cast<double>(max_summands) * clip);
  if (room < 1.0) {
    throw std::invalid_argument("fixed-point range too small: " + std::to_string(max_summands) +
                                " summands of magnitude " + std::to_string(clip) + " overflow 2^31");
  }
  scale_ = std::ldexp(1.0, static_cast<int>(std::floor(std::log2(room))));
}

double FixedPointCodec::clipped(float x) const {
  const double v = std::isnan(x) ? 0.0 : static_cast<double>(x);
  return std::clamp(v, -clip_, clip_);
}

std::vector<uint32_t> FixedPointCodec::encode(const std::vector<float>& values) const {
  std::vector<uint32_t> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const int64_t q = std::llround(clipped(values[i]) * scale_);
    out[i] = static_cast<uint32_t>(q);
  }
  return out;
}

std::vector<double> FixedPointCodec::decode_sum(const std::vector<uint32_t>& sum) const {
  std::vector<double> out(sum.size());
  for (size_t i = 0; i < sum.size(); ++i) out[i] = static_cast<int32_t>(sum[i]) / scale_;
  return out;
}

}  // namespace fedsec::secure
