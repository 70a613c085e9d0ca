#include "privacy/diff2_data.h"

#include <cmath>

#include "fl/errors.h"
#include "fl/idx_file.h"
#include "fl/rng.h"
#include "privacy/diff2_noise.h"

namespace fedsec::privacy {

void standardize_columns(Eigen::MatrixXd& m) {
  const double n = static_cast<double>(m.rows());
  for (Eigen::Index j = 0; j < m.cols(); ++j) {
    auto column = m.col(j);
    const double mean = column.sum() / n;
    column.array() -= mean;
    const double sd = std::sqrt(column.squaredNorm() / n);
    if (sd > 0)
      column /= sd;
    else
      column.setZero();
  }
}

void scale_by_max_abs(Eigen::MatrixXd& m) {
  const double largest = m.cwiseAbs().maxCoeff();
  if (largest > 0) m /= largest;
}

RegressionData load_fashion_mnist(const std::string& images_path, const std::string& labels_path,
                                  int64_t max_samples, int64_t pool) {
  constexpr int kClasses = 10;
  const fl::IdxImages images = fl::read_idx_images(images_path);
  if (pool < 1 || images.rows % pool != 0 || images.cols % pool != 0)
    throw UsageError("data.pool: " + std::to_string(pool) + " does not divide the images' " +
                     std::to_string(images.rows) + " x " + std::to_string(images.cols) + " pixels");
  const std::vector<uint8_t> labels = fl::read_idx_labels(labels_path, kClasses);
  if (static_cast<int64_t>(labels.size()) != images.count)
    throw fl::DataFileError(labels_path + ": " + std::to_string(labels.size()) + " labels for " +
                            std::to_string(images.count) + " images in " + images_path);
  const int64_t n = max_samples > 0 ? std::min(max_samples, images.count) : images.count;
  const int64_t pixels = images.rows * images.cols;
  const int64_t pooled_cols = images.cols / pool;
  RegressionData data;
  data.inputs = Eigen::MatrixXd::Zero(n, pixels / (pool * pool));
  data.targets = Eigen::MatrixXd::Zero(n, kClasses);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t r = 0; r < images.rows; ++r)
      for (int64_t c = 0; c < images.cols; ++c)
        data.inputs(i, (r / pool) * pooled_cols + c / pool) +=
            images.pixels[i * pixels + r * images.cols + c];
    data.targets(i, labels[i]) = 1.0;
  }
  data.inputs /= 255.0 * static_cast<double>(pool * pool);  // divided, as without pooling
  standardize_columns(data.inputs);
  return data;
}

RegressionData make_synthetic_regression(int64_t samples, int features, double noise, uint64_t seed) {
  constexpr int kTeacherUnits = 20;
  fl::Rng rng = fl::make_rng(seed, "diff2.synthetic");
  Eigen::MatrixXd u(features, kTeacherUnits);
  fill_standard_normal(u.data(), u.size(), rng);
  u /= std::sqrt(static_cast<double>(features));
  Eigen::VectorXd c(kTeacherUnits);
  fill_standard_normal(c.data(), c.size(), rng);
  RegressionData data;
  data.inputs.resize(samples, features);
  fill_standard_normal(data.inputs.data(), data.inputs.size(), rng);
  Eigen::VectorXd eps(samples);
  fill_standard_normal(eps.data(), eps.size(), rng);
  data.targets = (data.inputs * u).array().tanh().matrix() * c + noise * eps;
  standardize_columns(data.inputs);
  scale_by_max_abs(data.targets);
  return data;
}

std::vector<Diff2Node> deal_round_robin(const RegressionData& data, const MlpShape& shape, int num_nodes) {
  const int64_t n = data.inputs.rows();
  if (num_nodes < 1 || n < num_nodes)
    throw UsageError("cannot deal " + std::to_string(n) + " records to " + std::to_string(num_nodes) +
                     " nodes: every node needs at least one record");
  std::vector<Diff2Node> nodes;
  for (int p = 0; p < num_nodes; ++p) {
    const int64_t size = (n - p + num_nodes - 1) / num_nodes;
    Eigen::MatrixXd inputs(size, data.inputs.cols());
    Eigen::MatrixXd targets(size, data.targets.cols());
    for (int64_t k = 0; k < size; ++k) {
      inputs.row(k) = data.inputs.row(p + k * num_nodes);
      targets.row(k) = data.targets.row(p + k * num_nodes);
    }
    nodes.emplace_back(shape, std::move(inputs), std::move(targets));
  }
  return nodes;
}

}  // namespace fedsec::privacy
