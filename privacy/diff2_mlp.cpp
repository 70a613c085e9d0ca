#include "privacy/diff2_mlp.h"

#include <algorithm>
#include <cmath>

#include "fl/rng.h"

namespace fedsec::privacy {
namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// softplus(t) = log(1 + e^t) into `value` and its derivative sigmoid(t) into `slope`, from one
// exponential and one logarithm per entry, without overflow, all vectorized by Eigen. log1p(e) is
// Kahan's log(u) e / (u - 1) with u = 1 + e, accurate to a few ulps without a scalar log1p call.
void softplus(const Eigen::MatrixXd& pre, Eigen::MatrixXd& value, Eigen::MatrixXd& slope) {
  const auto t = pre.array();
  const Eigen::ArrayXXd e = (-t.abs()).exp();  // in (0, 1]
  const Eigen::ArrayXXd u = 1.0 + e;
  const Eigen::ArrayXXd log1p_e = (u == 1.0).select(e, u.log() * e / (u - 1.0));
  value = (t.max(0.0) + log1p_e).matrix();
  slope = ((t >= 0).select(1.0, e) / (1.0 + e)).matrix();
}

}  // namespace

int64_t MlpShape::num_params() const {
  return int64_t{hidden} * features + hidden + int64_t{outputs} * hidden + outputs;
}

Eigen::VectorXd init_mlp_params(const MlpShape& shape, uint64_t seed) {
  fl::Rng rng = fl::make_rng(seed, "diff2.init");
  Eigen::VectorXd params(shape.num_params());
  const int64_t first_layer = int64_t{shape.hidden} * (shape.features + 1);
  const double bound1 = 1.0 / std::sqrt(static_cast<double>(shape.features));
  const double bound2 = 1.0 / std::sqrt(static_cast<double>(shape.hidden));
  for (int64_t i = 0; i < params.size(); ++i) {
    const double bound = i < first_layer ? bound1 : bound2;
    params[i] = bound * (2.0 * fl::uniform_unit(rng) - 1.0);
  }
  return params;
}

MlpBackprop mlp_backprop(const MlpShape& shape, const Eigen::VectorXd& params, const Eigen::MatrixXd& inputs,
                         const Eigen::MatrixXd& targets) {
  const int f = shape.features, h = shape.hidden, k = shape.outputs;
  const double* p = params.data();
  const Eigen::Map<const RowMajor> w1(p, h, f);
  const Eigen::Map<const Eigen::VectorXd> b1(p + int64_t{h} * f, h);
  const Eigen::Map<const RowMajor> w2(p + int64_t{h} * f + h, k, h);
  const Eigen::Map<const Eigen::VectorXd> b2(p + int64_t{h} * f + h + int64_t{k} * h, k);

  MlpBackprop out;
  Eigen::MatrixXd pre = inputs * w1.transpose();
  pre.rowwise() += b1.transpose();
  Eigen::MatrixXd slope;
  softplus(pre, out.hidden_act, slope);
  out.out_back = out.hidden_act * w2.transpose();
  out.out_back.rowwise() += b2.transpose();
  out.out_back -= targets;
  out.loss = 0.5 * out.out_back.rowwise().squaredNorm();
  out.hidden_back = (out.out_back * w2).cwiseProduct(slope);
  return out;
}

}  // namespace fedsec::privacy
