#include "attacks/inversion/image_domain.h"

namespace fedsec::attacks {

torch::Tensor generator_to_unit(const torch::Tensor& generated) {
  return (generated.narrow(2, 2, 28).narrow(3, 2, 28) + 1.0) * 0.5;
}

torch::Tensor unit_to_generator(const torch::Tensor& unit) {
  return at::constant_pad_nd(unit * 2.0 - 1.0, {2, 2, 2, 2}, -1.0);
}

}  // namespace fedsec::attacks
