#include "privacy/clip_transform.h"

namespace fedsec::privacy {

void ClipL2Transform::apply(torch::Tensor& update, fl::TransformContext&) {
  const double norm = update.norm().item<double>();
  if (norm > max_norm_) update.mul_(max_norm_ / norm);
}

}  // namespace fedsec::privacy
