#include "traffic/node_objective.h"

namespace fedsec::traffic {

Eigen::VectorXd affine_scores(const Eigen::VectorXd& w, const RowMatrix& a) {
  return a * w.head(a.cols()) + Eigen::VectorXd::Constant(a.rows(), w[a.cols()]);
}

}  // namespace fedsec::traffic
