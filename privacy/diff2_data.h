#pragma once
// The datasets of the DIFF2 experiments, prepared as the paper does (Murata and Suzuki, ICML 2023,
// Sec. 6): features standardized, targets divided by their largest absolute value, records dealt
// to the nodes round-robin as in the authors' code.

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "privacy/diff2_node.h"

namespace fedsec::privacy {

struct RegressionData {
  Eigen::MatrixXd inputs;   // n x features
  Eigen::MatrixXd targets;  // n x outputs
};

// Fashion-MNIST training images as standardized features and the label as a one-hot target of 10
// outputs (fitted with squared loss; one-hot targets already have largest absolute value 1). Each
// feature is the mean of a pool x pool block of pixels scaled to [0, 1] (pool 1: the 784 pixels).
// max_samples > 0 keeps the first max_samples records. Throws fl::DataFileError on a bad file and
// UsageError when pool does not divide the image's height and width.
RegressionData load_fashion_mnist(const std::string& images_path, const std::string& labels_path,
                                  int64_t max_samples, int64_t pool = 1);

// A seeded synthetic regression set: inputs a ~ N(0, I_features); target
// y = sum_{j=1..20} c_j tanh(u_j . a) + noise * N(0, 1) with u_j ~ N(0, I / features) and
// c_j ~ N(0, 1) drawn once per seed (a random teacher network); then prepared as above.
RegressionData make_synthetic_regression(int64_t samples, int features, double noise, uint64_t seed);

// Centers every column and divides it by its standard deviation; constant columns become 0.
void standardize_columns(Eigen::MatrixXd& m);

// Divides every entry by the largest absolute entry (unchanged if all are 0).
void scale_by_max_abs(Eigen::MatrixXd& m);

// Deals record i to node i mod num_nodes. Throws fedsec::UsageError if a node would be empty.
std::vector<Diff2Node> deal_round_robin(const RegressionData& data, const MlpShape& shape, int num_nodes);

}  // namespace fedsec::privacy
