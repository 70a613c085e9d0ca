// ClippedMean (DIFF2 Algorithm 2): clipped records, exact mean, and the replace-one sensitivity
// 2C/n_p that the noise calibration relies on.
#include <gtest/gtest.h>

#include "privacy/diff2_node.h"
#include "tests/privacy/diff2_test_support.h"

namespace fedsec::privacy {
namespace {

using testing::random_params;
using testing::random_records;

const MlpShape kClippedMeanShape{4, 3, 2};

TEST(Diff2ClippedMean, EqualsTheMeanOfClippedRows) {
  const RegressionData d = random_records(9, kClippedMeanShape, 11);
  const auto g = PerRecordGradients::at(
      d.inputs, mlp_backprop(kClippedMeanShape, random_params(kClippedMeanShape, 12), d.inputs, d.targets));
  const Eigen::MatrixXd rows = g.materialize();
  const Eigen::VectorXd norms = rows.rowwise().norm();
  const double radius = 0.5 * (norms.minCoeff() + norms.maxCoeff());  // clips some records, not all
  Eigen::VectorXd expected = Eigen::VectorXd::Zero(rows.cols());
  int clipped = 0;
  for (int i = 0; i < 9; ++i) {
    const double scale = std::min(1.0, radius / norms[i]);
    clipped += scale < 1;
    EXPECT_LE((scale * rows.row(i)).norm(), radius * (1 + 1e-12));
    expected += scale * rows.row(i).transpose();
  }
  ASSERT_GT(clipped, 0);
  ASSERT_LT(clipped, 9);
  EXPECT_LT((clipped_mean(g, radius) - expected / 9.0).cwiseAbs().maxCoeff(), 1e-12);
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_LT((clipped_mean(g, inf) - rows.colwise().mean().transpose()).cwiseAbs().maxCoeff(), 1e-12);
}

// Replacing one record of a node by an extreme one moves its clipped mean by at most 2C/n_p, for
// gradients (radius C1) and for gradient differences (radius C2 ||x - x'||); without clipping the
// same replacement moves it much further.
TEST(Diff2ClippedMean, ReplacingOneRecordMovesTheMeanByAtMostTwoRadiiOverN) {
  const int n = 13;
  RegressionData d = random_records(n, kClippedMeanShape, 21);
  RegressionData replaced = d;
  replaced.inputs.row(6).setConstant(40.0);
  replaced.targets.row(6).setConstant(-300.0);
  Diff2Node a(kClippedMeanShape, d.inputs, d.targets),
      b(kClippedMeanShape, replaced.inputs, replaced.targets);
  const Eigen::VectorXd x = random_params(kClippedMeanShape, 22);
  const Eigen::VectorXd x_prev = x + 0.3 * random_params(kClippedMeanShape, 23);
  const double inf = std::numeric_limits<double>::infinity();

  const double c1 = 0.7;
  const double moved = (a.clipped_gradient_mean(x, c1) - b.clipped_gradient_mean(x, c1)).norm();
  EXPECT_LE(moved, 2 * c1 / n * (1 + 1e-12));
  EXPECT_GT((a.clipped_gradient_mean(x, inf) - b.clipped_gradient_mean(x, inf)).norm(), 10 * 2 * c1 / n);

  const double c2 = 0.5 * (x - x_prev).norm();
  const double moved_diff =
      (a.clipped_difference_mean(x, x_prev, c2) - b.clipped_difference_mean(x, x_prev, c2)).norm();
  EXPECT_LE(moved_diff, 2 * c2 / n * (1 + 1e-12));
  EXPECT_GT((a.clipped_difference_mean(x, x_prev, inf) - b.clipped_difference_mean(x, x_prev, inf)).norm(),
            10 * 2 * c2 / n);
}

// The node's remembered backprops must not leak between points: the difference mean equals the
// mean of explicit per-record differences whatever was computed before.
TEST(Diff2ClippedMean, DifferenceMeanIsIndependentOfCallHistory) {
  const RegressionData d = random_records(6, kClippedMeanShape, 31);
  const Eigen::VectorXd x = random_params(kClippedMeanShape, 32), y = random_params(kClippedMeanShape, 33),
                        z = random_params(kClippedMeanShape, 34);
  Diff2Node fresh(kClippedMeanShape, d.inputs, d.targets), used(kClippedMeanShape, d.inputs, d.targets);
  used.clipped_gradient_mean(z, 1.0);
  used.clipped_gradient_mean(y, 1.0);
  used.objective(z);
  const Eigen::VectorXd expected = fresh.clipped_difference_mean(x, y, 0.8);
  EXPECT_EQ(used.clipped_difference_mean(x, y, 0.8), expected);
  const Eigen::MatrixXd rows =
      PerRecordGradients::at(d.inputs, mlp_backprop(kClippedMeanShape, x, d.inputs, d.targets))
          .materialize() -
      PerRecordGradients::at(d.inputs, mlp_backprop(kClippedMeanShape, y, d.inputs, d.targets)).materialize();
  Eigen::VectorXd manual = Eigen::VectorXd::Zero(rows.cols());
  for (int i = 0; i < 6; ++i) manual += std::min(1.0, 0.8 / rows.row(i).norm()) * rows.row(i).transpose();
  EXPECT_LT((expected - manual / 6.0).cwiseAbs().maxCoeff(), 1e-12);
}

}  // namespace
}  // namespace fedsec::privacy
