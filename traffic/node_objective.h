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

  // Incident scores of the rows of `a` (already in the objective's feature space) under
  // parameters x: the higher, the more likely an incident.
  virtual Eigen::VectorXd scores(const Eigen::VectorXd& x, const RowMatrix& a) const = 0;
};

}  // namespace fedsec::traffic
