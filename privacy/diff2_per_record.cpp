#include "privacy/diff2_per_record.h"

namespace fedsec::privacy {
namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Row-wise dot products of two n x m matrices.
Eigen::VectorXd row_dots(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.cwiseProduct(b).rowwise().sum();
}

}  // namespace

PerRecordGradients PerRecordGradients::at(const Eigen::MatrixXd& inputs, const MlpBackprop& at_x) {
  PerRecordGradients g;
  g.inputs_ = &inputs;
  g.first_back_ = at_x.hidden_back;
  g.second_.push_back({at_x.out_back, at_x.hidden_act, 1.0});
  return g;
}

PerRecordGradients PerRecordGradients::difference(const Eigen::MatrixXd& inputs, const MlpBackprop& at_x,
                                                  const MlpBackprop& at_x_prime) {
  PerRecordGradients g;
  g.inputs_ = &inputs;
  // Layer 1 shares its input a_i between the two models, so its difference is one outer product.
  g.first_back_ = at_x.hidden_back - at_x_prime.hidden_back;
  g.second_.push_back({at_x.out_back, at_x.hidden_act, 1.0});
  g.second_.push_back({at_x_prime.out_back, at_x_prime.hidden_act, -1.0});
  return g;
}

Eigen::VectorXd PerRecordGradients::squared_norms() const {
  const Eigen::VectorXd input_sq = inputs_->rowwise().squaredNorm();
  Eigen::VectorXd norms = first_back_.rowwise().squaredNorm().cwiseProduct((input_sq.array() + 1.0).matrix());
  for (const auto& s : second_)
    for (const auto& t : second_)
      norms += (s.sign * t.sign) *
               row_dots(s.back, t.back).cwiseProduct((row_dots(s.act, t.act).array() + 1.0).matrix());
  return norms;
}

Eigen::VectorXd PerRecordGradients::weighted_sum(const Eigen::VectorXd& weights) const {
  const int64_t f = inputs_->cols(), h = first_back_.cols(), k = second_.front().back.cols();
  Eigen::VectorXd sum(h * f + h + k * h + k);
  const Eigen::MatrixXd first = weights.asDiagonal() * first_back_;
  Eigen::Map<RowMajor>(sum.data(), h, f).noalias() = first.transpose() * *inputs_;
  sum.segment(h * f, h) = first.colwise().sum().transpose();
  Eigen::Map<RowMajor> w2(sum.data() + h * f + h, k, h);
  auto b2 = sum.segment(h * f + h + k * h, k);
  w2.setZero();
  b2.setZero();
  for (const auto& t : second_) {
    const Eigen::MatrixXd back = (t.sign * weights).asDiagonal() * t.back;
    w2.noalias() += back.transpose() * t.act;
    b2 += back.colwise().sum().transpose();
  }
  return sum;
}

Eigen::MatrixXd PerRecordGradients::materialize() const {
  const int64_t n = num_records();
  Eigen::MatrixXd rows(n, 0);
  for (int64_t i = 0; i < n; ++i) {
    Eigen::VectorXd unit = Eigen::VectorXd::Zero(n);
    unit[i] = 1.0;
    const Eigen::VectorXd g = weighted_sum(unit);
    if (rows.cols() == 0) rows.resize(n, g.size());
    rows.row(i) = g.transpose();
  }
  return rows;
}

}  // namespace fedsec::privacy
