#include "traffic/random_features.h"

#include <cmath>
#include <stdexcept>

#include "fl/errors.h"
#include "fl/rng.h"
#include "traffic/random_draws.h"

namespace fedsec::traffic {

RandomFourierFeatures::RandomFourierFeatures(int input_dim, int output_dim, double bandwidth, uint64_t seed)
    : w_(output_dim, input_dim), b_(output_dim) {
  if (input_dim < 1 || output_dim < 1 || !(bandwidth > 0.0))
    throw UsageError("random features: dimensions must be >= 1 and the bandwidth > 0");
  fl::Rng rng = fl::make_rng(seed, "traffic/rff");
  for (int i = 0; i < output_dim; ++i) {
    for (int j = 0; j < input_dim; ++j) w_(i, j) = draw_normal(rng) / bandwidth;
    b_[i] = 2.0 * M_PI * fl::uniform_unit(rng);
  }
}

RowMatrix RandomFourierFeatures::transform(const RowMatrix& a) const {
  if (a.cols() != w_.cols()) throw std::invalid_argument("random features: wrong input dimension");
  RowMatrix z = a * w_.transpose();
  z.rowwise() += b_.transpose();
  const double scale = std::sqrt(2.0 / static_cast<double>(w_.rows()));
  return (z.array().cos() * scale).matrix();
}

}  // namespace fedsec::traffic
