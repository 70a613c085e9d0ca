#include "attacks/ipm.h"

namespace fedsec::attacks {

torch::Tensor IpmClient::forge(const torch::Tensor& honest, const fl::ClientContext&) const {
  return honest_statistics(honest).mean * (-epsilon_);
}

}  // namespace fedsec::attacks
