#pragma once
// Messages between server and clients and their wire format. Everything a client and the server
// exchange crosses a Transport as bytes produced by encode() and read back by decode().

#include "fl/tensor.h"

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace fedsec::fl {

using Bytes = std::vector<uint8_t>;

enum class MessageKind : uint8_t {
  GlobalModel = 1,   // server -> client: parameters to start from
  ClientUpdate = 2,  // client -> server: update (delta or gradient)
};

struct Message {
  MessageKind kind = MessageKind::GlobalModel;
  int32_t round = 0;
  int32_t client = -1;
  double weight = 0.0;      // number of samples behind an update
  double train_loss = 0.0;  // client's mean local loss
  torch::Tensor payload;    // 1-D float32 vector
};

// A byte string that is not a well-formed message.
class MessageFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Header (magic "FSM1", kind, round, client, weight, loss, length) then little-endian float32s.
Bytes encode(const Message& message);
// Inverse of encode; throws MessageFormatError on bad magic, unknown kind or wrong length.
Message decode(const Bytes& bytes);

}  // namespace fedsec::fl
