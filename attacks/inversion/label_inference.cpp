#include "attacks/inversion/label_inference.h"

#include <stdexcept>
#include <string>

namespace fedsec::attacks {

const fl::ParamEntry& output_layer_weight(const fl::ParamLayout& layout) {
  const auto& entries = layout.entries();
  for (auto it = entries.rbegin(); it != entries.rend(); ++it)
    if (it->shape.size() == 2) return *it;
  throw std::invalid_argument("label inference needs a model whose last layer is linear");
}

torch::Tensor infer_labels(const torch::Tensor& gradient, const fl::ParamLayout& layout, int64_t batch_size) {
  const auto& weight = output_layer_weight(layout);
  const int64_t classes = weight.shape[0];
  if (batch_size < 1 || batch_size > classes)
    throw std::invalid_argument("label inference needs 1 <= batch size <= " + std::to_string(classes) +
                                " (labels in a batch must be distinct), got " + std::to_string(batch_size));
  const auto rows = gradient.narrow(0, weight.offset, weight.numel).view(weight.shape).to(torch::kFloat64);
  const auto smallest = std::get<1>(rows.sum(1).topk(batch_size, 0, /*largest=*/false));
  return std::get<0>(smallest.sort()).to(torch::kInt64);
}

}  // namespace fedsec::attacks
