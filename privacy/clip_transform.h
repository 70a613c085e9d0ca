#pragma once
// L2 norm clipping of an update: u <- u * min(1, max_norm / ||u||_2). The building block of
// DP-FedAvg (client-level clipping before noise) and a common defense on its own.

#include "fl/update_transform.h"

namespace fedsec::privacy {

class ClipL2Transform final : public fl::UpdateTransform {
 public:
  explicit ClipL2Transform(double max_norm) : max_norm_(max_norm) {}
  void apply(torch::Tensor& update, fl::TransformContext& context) override;

 private:
  double max_norm_;
};

}  // namespace fedsec::privacy
