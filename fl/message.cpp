#include "fl/message.h"

#include <cstring>

namespace fedsec::fl {
namespace {

constexpr char kMagic[4] = {'F', 'S', 'M', '1'};
constexpr size_t kHeaderSize = 4 + 1 + 4 + 4 + 8 + 8 + 8;

template <typename T>
void put(uint8_t*& out, T value) {
  std::memcpy(out, &value, sizeof value);
  out += sizeof value;
}

template <typename T>
T get(const uint8_t*& in) {
  T value;
  std::memcpy(&value, in, sizeof value);
  in += sizeof value;
  return value;
}

}  // namespace

Bytes encode(const Message& message) {
  static_assert(sizeof(float) == 4, "float32 wire format");
  const torch::Tensor payload = message.payload.defined() ? message.payload.to(torch::kFloat32).contiguous()
                                                          : torch::empty({0}, torch::kFloat32);
  const auto count = static_cast<uint64_t>(payload.numel());
  Bytes bytes(kHeaderSize + count * sizeof(float));
  uint8_t* out = bytes.data();
  std::memcpy(out, kMagic, 4);
  out += 4;
  put(out, static_cast<uint8_t>(message.kind));
  put(out, message.round);
  put(out, message.client);
  put(out, message.weight);
  put(out, message.train_loss);
  put(out, count);
  if (count) std::memcpy(out, payload.data_ptr<float>(), count * sizeof(float));
  return bytes;
}

Message decode(const Bytes& bytes) {
  if (bytes.size() < kHeaderSize) throw MessageFormatError("message shorter than its header");
  if (std::memcmp(bytes.data(), kMagic, 4) != 0) throw MessageFormatError("message has a bad magic number");
  const uint8_t* in = bytes.data() + 4;
  Message m;
  const auto kind = get<uint8_t>(in);
  if (kind != static_cast<uint8_t>(MessageKind::GlobalModel) &&
      kind != static_cast<uint8_t>(MessageKind::ClientUpdate))
    throw MessageFormatError("message has unknown kind " + std::to_string(kind));
  m.kind = static_cast<MessageKind>(kind);
  m.round = get<int32_t>(in);
  m.client = get<int32_t>(in);
  m.weight = get<double>(in);
  m.train_loss = get<double>(in);
  const auto count = get<uint64_t>(in);
  if (count > (bytes.size() - kHeaderSize) / sizeof(float) ||
      bytes.size() != kHeaderSize + count * sizeof(float))
    throw MessageFormatError("message length does not match its payload size");
  m.payload = torch::empty({static_cast<int64_t>(count)}, torch::kFloat32);
  if (count) std::memcpy(m.payload.data_ptr<float>(), in, count * sizeof(float));
  return m;
}

}  // namespace fedsec::fl
