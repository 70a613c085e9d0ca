#include "attacks/mimic.h"

namespace fedsec::attacks {

int64_t mimic_target(const torch::Tensor& honest) {
  if (honest.size(0) == 1) return 0;
  // With C the centred rows, C v_1 = sqrt(lambda_1) u_1 for u_1 the top eigenvector of the
  // h x h Gram matrix C C^T, so the row furthest along v_1 is argmax |u_1|: no d x d matrix.
  const torch::Tensor x = honest.to(torch::kFloat64);
  const torch::Tensor centred = x - x.mean(0, /*keepdim=*/true);
  const auto eigen = at::linalg_eigh(centred.matmul(centred.t()));
  const torch::Tensor top = std::get<1>(eigen).select(1, honest.size(0) - 1).abs();  // ascending eigenvalues
  return top.argmax().item<int64_t>();
}

torch::Tensor MimicClient::forge(const torch::Tensor& honest, const fl::ClientContext&) const {
  return honest[mimic_target(honest)].clone();
}

}  // namespace fedsec::attacks
