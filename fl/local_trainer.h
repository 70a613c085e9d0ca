#pragma once
// What a client computes on its own samples: local SGD (FedAvg) or the full-batch gradient (FedSGD).

#include "fl/tensor.h"

#include <vector>

#include "fl/dataset.h"
#include "fl/model.h"
#include "fl/rng.h"

namespace fedsec::fl {

struct LocalSgdOptions {
  int64_t epochs = 1;  // passes over the shard; ignored when steps > 0
  int64_t steps = 0;   // exact number of minibatch steps (cycling through reshuffled epochs)
  int64_t batch_size = 32;
  double lr = 0.05;
  double momentum = 0.0;
  double weight_decay = 0.0;
};

struct LocalResult {
  double mean_loss = 0.0;  // mean minibatch loss over the steps taken
  int64_t steps = 0;
};

// Runs SGD (PyTorch semantics: d = g + wd * w; v = momentum * v + d; w -= lr * v, v starting at
// zero) on model.params(), over minibatches of `samples` drawn from `labels`/data.images in an
// order shuffled by rng at each epoch; the last minibatch of an epoch may be smaller.
LocalResult train_local_sgd(Model& model, const Dataset& data, const torch::Tensor& labels,
                            const std::vector<int64_t>& samples, const LocalSgdOptions& options, Rng& rng);

// Writes the mean loss gradient over all `samples` into `out` (computed in chunks of
// chunk_size, weighted so the result is exact) and returns the mean loss.
double full_batch_gradient(Model& model, const Dataset& data, const torch::Tensor& labels,
                           const std::vector<int64_t>& samples, int64_t chunk_size, torch::Tensor& out);

// Accuracy and mean loss of the model on a dataset, in chunks, without autograd.
struct Evaluation {
  double accuracy = 0.0;
  double loss = 0.0;
};
Evaluation evaluate(Model& model, const Dataset& data, int64_t chunk_size = 2000);

}  // namespace fedsec::fl
