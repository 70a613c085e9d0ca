#pragma once
// An image classification dataset held in memory as tensors, shared read-only by all clients.

#include "fl/tensor.h"

#include <memory>
#include <string>
#include <vector>

namespace fedsec::fl {

struct Dataset {
  torch::Tensor images;         // N x 1 x H x W float32, normalized
  torch::Tensor labels;         // N int64
  std::vector<int> label_list;  // the same labels, for partitioners
  int num_classes = 10;

  int64_t size() const { return labels.size(0); }
};

// Loads an IDX image file and label file (gzip or plain), keeping the first max_samples samples
// (0 keeps all). Pixels are scaled to [0, 1] and standardized with the given mean and std.
// Throws DataFileError naming the file on any problem, or if the two files disagree in count.
Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path, int64_t max_samples,
                         double mean, double std);

// As load_idx_dataset, but returns a shared copy cached by its arguments, so that sweep cells
// running in one process load each file once. Thread-safe.
std::shared_ptr<const Dataset> load_idx_dataset_cached(const std::string& images_path,
                                                       const std::string& labels_path, int64_t max_samples,
                                                       double mean, double std);

}  // namespace fedsec::fl
