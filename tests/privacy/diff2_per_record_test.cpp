// Per-record gradients of the DIFF2 MLP in factored form against finite differences and against
// their explicit matrix.
#include <gtest/gtest.h>

#include "privacy/diff2_per_record.h"
#include "tests/privacy/diff2_test_support.h"

namespace fedsec::privacy {
namespace {

using testing::random_params;
using testing::random_records;

const MlpShape kPerRecordShape{3, 4, 2};

double record_loss(const Eigen::VectorXd& x, const RegressionData& d, int i) {
  return mlp_backprop(kPerRecordShape, x, d.inputs.row(i), d.targets.row(i)).loss[0];
}

TEST(Diff2PerRecord, GradientsMatchCentralFiniteDifferences) {
  const RegressionData d = random_records(5, kPerRecordShape, 1);
  const Eigen::VectorXd x = 0.5 * random_params(kPerRecordShape, 2);
  const Eigen::MatrixXd g =
      PerRecordGradients::at(d.inputs, mlp_backprop(kPerRecordShape, x, d.inputs, d.targets)).materialize();
  ASSERT_EQ(g.rows(), 5);
  ASSERT_EQ(g.cols(), kPerRecordShape.num_params());
  const double h = 1e-6;
  for (int i = 0; i < 5; ++i) {
    for (int64_t j = 0; j < kPerRecordShape.num_params(); ++j) {
      Eigen::VectorXd plus = x, minus = x;
      plus[j] += h;
      minus[j] -= h;
      const double numeric = (record_loss(plus, d, i) - record_loss(minus, d, i)) / (2 * h);
      EXPECT_NEAR(g(i, j), numeric, 1e-6 * std::max(1.0, std::abs(numeric)))
          << "record " << i << " param " << j;
    }
  }
}

TEST(Diff2PerRecord, LossIsHalfSquaredError) {
  const RegressionData d = random_records(4, kPerRecordShape, 3);
  const Eigen::VectorXd x = random_params(kPerRecordShape, 4);
  const MlpBackprop b = mlp_backprop(kPerRecordShape, x, d.inputs, d.targets);
  for (int i = 0; i < 4; ++i) {
    const Eigen::VectorXd output = b.out_back.row(i).transpose() + d.targets.row(i).transpose();
    // The output recomputed by hand: W2 softplus(W1 a + b1) + b2.
    Eigen::VectorXd hidden(kPerRecordShape.hidden);
    for (int u = 0; u < kPerRecordShape.hidden; ++u) {
      double pre = x[kPerRecordShape.hidden * kPerRecordShape.features + u];
      for (int f = 0; f < kPerRecordShape.features; ++f)
        pre += x[u * kPerRecordShape.features + f] * d.inputs(i, f);
      hidden[u] = std::log1p(std::exp(pre));
    }
    const int64_t w2 = kPerRecordShape.hidden * (kPerRecordShape.features + 1);
    for (int o = 0; o < kPerRecordShape.outputs; ++o) {
      double out = x[w2 + kPerRecordShape.outputs * kPerRecordShape.hidden + o];
      for (int u = 0; u < kPerRecordShape.hidden; ++u)
        out += x[w2 + o * kPerRecordShape.hidden + u] * hidden[u];
      EXPECT_NEAR(output[o], out, 1e-12);
    }
    EXPECT_NEAR(b.loss[i], 0.5 * (output - d.targets.row(i).transpose()).squaredNorm(), 1e-12);
  }
}

TEST(Diff2PerRecord, NormsAndSumsAgreeWithTheExplicitMatrix) {
  const RegressionData d = random_records(7, kPerRecordShape, 5);
  const Eigen::VectorXd x = random_params(kPerRecordShape, 6), y = random_params(kPerRecordShape, 7);
  const MlpBackprop bx = mlp_backprop(kPerRecordShape, x, d.inputs, d.targets);
  const MlpBackprop by = mlp_backprop(kPerRecordShape, y, d.inputs, d.targets);
  const auto gx = PerRecordGradients::at(d.inputs, bx);
  const auto gy = PerRecordGradients::at(d.inputs, by);
  const auto diff = PerRecordGradients::difference(d.inputs, bx, by);
  const Eigen::MatrixXd expected_diff = gx.materialize() - gy.materialize();
  EXPECT_LT((diff.materialize() - expected_diff).cwiseAbs().maxCoeff(), 1e-12);
  for (const auto* g : {&gx, &diff}) {
    const Eigen::MatrixXd rows = g->materialize();
    const Eigen::VectorXd norms = g->squared_norms();
    for (int i = 0; i < 7; ++i) EXPECT_NEAR(norms[i], rows.row(i).squaredNorm(), 1e-10 * (1 + norms[i]));
    const Eigen::VectorXd w = Eigen::VectorXd::LinSpaced(7, -1.0, 2.0);
    EXPECT_LT((g->weighted_sum(w) - rows.transpose() * w).cwiseAbs().maxCoeff(), 1e-12);
  }
}

}  // namespace
}  // namespace fedsec::privacy
