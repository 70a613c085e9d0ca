#include "privacy/secure/frame_codec.h"

#include <algorithm>
#include <string>

namespace fedsec::secure {

namespace {

constexpr size_t kLengthLimit = 0xffffffffu;

std::string above_limit(size_t size, size_t max_frame_bytes) {
  return "a payload of " + std::to_string(size) + " bytes, above the maximum of " +
         std::to_string(max_frame_bytes) + " bytes";
}

}  // namespace

std::array<uint8_t, kLengthPrefixBytes> frame_header(size_t payload_size, size_t max_frame_bytes) {
  if (payload_size > max_frame_bytes || payload_size > kLengthLimit) {
    throw FrameError("cannot frame " + above_limit(payload_size, max_frame_bytes));
  }
  std::array<uint8_t, kLengthPrefixBytes> header;
  for (size_t i = 0; i < kLengthPrefixBytes; ++i) header[i] = static_cast<uint8_t>(payload_size >> (8 * i));
  return header;
}

Bytes encode_frame(const uint8_t* payload, size_t size, size_t max_frame_bytes) {
  const std::array<uint8_t, kLengthPrefixBytes> header = frame_header(size, max_frame_bytes);
  Bytes out(header.size() + size);
  std::copy(header.begin(), header.end(), out.begin());
  if (size > 0) std::copy(payload, payload + size, out.begin() + static_cast<std::ptrdiff_t>(header.size()));
  return out;
}

FrameDecoder::FrameDecoder(size_t max_frame_bytes) : max_frame_bytes_(max_frame_bytes) {
  if (max_frame_bytes > kLengthLimit) {
    throw std::invalid_argument("FrameDecoder: max_frame_bytes " + std::to_string(max_frame_bytes) +
                                " does not fit a 4-byte length");
  }
}

void FrameDecoder::feed(const uint8_t* data, size_t size) {
  if (failed_) throw FrameError("frame stream already failed to decode");
  const uint8_t* end = data + size;
  while (data != end) {
    if (!in_payload_) {
      const size_t take = std::min(kLengthPrefixBytes - header_fill_, static_cast<size_t>(end - data));
      std::copy(data, data + take, header_ + header_fill_);
      header_fill_ += take;
      data += take;
      if (header_fill_ < kLengthPrefixBytes) break;
      header_fill_ = 0;
      payload_size_ = 0;
      for (size_t i = 0; i < kLengthPrefixBytes; ++i) payload_size_ |= size_t{header_[i]} << (8 * i);
      if (payload_size_ > max_frame_bytes_) {
        failed_ = true;
        throw FrameError("frame header announces " + above_limit(payload_size_, max_frame_bytes_));
      }
      in_payload_ = true;
      payload_.clear();
    }
    const size_t take = std::min(payload_size_ - payload_.size(), static_cast<size_t>(end - data));
    payload_.insert(payload_.end(), data, data + take);
    data += take;
    if (payload_.size() == payload_size_) {
      complete_.push_back(std::move(payload_));
      payload_ = Bytes();
      in_payload_ = false;
    }
  }
}

std::optional<Bytes> FrameDecoder::next() {
  if (complete_.empty()) return std::nullopt;
  Bytes frame = std::move(complete_.front());
  complete_.pop_front();
  return frame;
}

void FrameDecoder::finish() const {
  if (header_fill_ != 0) {
    throw FrameError("stream ends inside a frame header (" + std::to_string(header_fill_) + " of " +
                     std::to_string(kLengthPrefixBytes) + " bytes)");
  }
  if (in_payload_) {
    throw FrameError("stream ends inside a frame: " + std::to_string(payload_.size()) + " of " +
                     std::to_string(payload_size_) + " payload bytes arrived");
  }
}

}  // namespace fedsec::secure
