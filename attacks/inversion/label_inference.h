#pragma once
// Label inference from a shared gradient (iDLG, Zhao et al. 2020, extended to batches of distinct
// labels as in GIFD's code): with softmax cross-entropy and non-negative penultimate activations,
// the gradient of the last linear layer's weight has negative row sums exactly for the classes
// present in the batch. The B rows with the smallest sums are taken as the batch's labels.

#include "fl/tensor.h"

#include "fl/param_layout.h"

namespace fedsec::attacks {

// The last 2-D entry of the layout (the output layer's weight, classes x features); throws
// std::invalid_argument if the layout has none.
const fl::ParamEntry& output_layer_weight(const fl::ParamLayout& layout);

// The batch_size labels (int64, ascending) whose output-weight rows in `gradient` (a flat vector
// in `layout`) have the smallest sums. Throws std::invalid_argument if batch_size exceeds the
// number of classes or is not positive.
torch::Tensor infer_labels(const torch::Tensor& gradient, const fl::ParamLayout& layout, int64_t batch_size);

}  // namespace fedsec::attacks
