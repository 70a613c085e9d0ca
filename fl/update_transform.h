#pragma once
// Update transforms: steps inserted on the client side (after local work, before sending) or on
// the server side (after aggregation, before the server step): clipping, noise, compression.

#include "fl/tensor.h"

#include "fl/rng.h"

namespace fedsec::fl {

struct TransformContext {
  int round = 0;
  int client = -1;     // -1 on the server
  Rng* rng = nullptr;  // a stream private to (round, client, transform position)
};

class UpdateTransform {
 public:
  virtual ~UpdateTransform() = default;
  // Rewrites update (a 1-D float vector) in place or by assignment.
  virtual void apply(torch::Tensor& update, TransformContext& context) = 0;
};

}  // namespace fedsec::fl
