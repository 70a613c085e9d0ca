#pragma once
// A convex loss over a flat parameter vector, as network lasso needs it (Hallac, Leskovec & Boyd,
// "Network Lasso", KDD 2015): each graph node holds one such objective over its own local data,
// and the ADMM solver touches it only through prox().

#include <Eigen/Dense>

#include "traffic/matrix.h"

namespace fedsec::traffic {

class NodeObjective {
 public:
  virtual ~NodeObjective() = default;

  // Length of the parameter vector.
  virtual int dim() const = 0;

  // f(x).
  virtual double value(const Eigen::VectorXd& x) const = 0;

  // argmin_y f(y) + (sigma / 2) ||y - v||^2 for sigma > 0, to the objective's tolerance. The
  // objective may keep solver state (dual variables) to warm-start the next call; that changes
  // the work done, not the answer.
  virtual Eigen::VectorXd prox(const Eigen::VectorXd& v, double sigma) = 0;

  // argmin_x f(x) (the model trained on this node's data alone).
  virtual Eigen::VectorXd minimize() = 0;

  // Every model here scores a point affinely: score(a) = [a; 1]^T w (the higher, the more likely
  // an incident). This returns w for parameters x, so that many models can be scored at once.
  virtual Eigen::VectorXd score_weights(const Eigen::VectorXd& x) const = 0;
};

// [a_i; 1]^T w for every row a_i of a.
Eigen::VectorXd affine_scores(const Eigen::VectorXd& w, const RowMatrix& a);

}  // namespace fedsec::traffic
