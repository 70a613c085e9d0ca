#include "traffic/region_scaler.h"

#include <cmath>
#include <stdexcept>

namespace fedsec::traffic {

RegionScaler RegionScaler::fit(const RowMatrix& x, const std::vector<int>& region_of_row, int regions,
                               const std::vector<bool>& use) {
  const Eigen::Index cols = x.cols();
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(regions + 1, cols), sq = sum;  // last row: all regions
  Eigen::VectorXd n = Eigen::VectorXd::Zero(regions + 1);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    if (!use[i]) continue;
    for (int g : {region_of_row[i], regions}) {
      sum.row(g) += x.row(i);
      sq.row(g) += x.row(i).cwiseAbs2();
      n[g] += 1.0;
    }
  }
  if (n[regions] < 2.0) throw std::runtime_error("region scaler: fewer than two rows to fit");
  RegionScaler s;
  s.mean_.resize(regions, cols);
  s.std_.resize(regions, cols);
  for (int g = 0; g < regions; ++g) {
    const int from = n[g] >= 2.0 ? g : regions;
    const Eigen::RowVectorXd mean = sum.row(from) / n[from];
    const Eigen::RowVectorXd var = (sq.row(from) / n[from] - mean.cwiseAbs2()) * (n[from] / (n[from] - 1.0));
    s.mean_.row(g) = mean;
    for (Eigen::Index c = 0; c < cols; ++c) s.std_(g, c) = var[c] > 1e-12 ? std::sqrt(var[c]) : 1.0;
  }
  return s;
}

RowMatrix RegionScaler::transform(const RowMatrix& x, const std::vector<int>& region_of_row) const {
  RowMatrix out(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const int g = region_of_row[i];
    out.row(i) = (x.row(i) - mean_.row(g)).cwiseQuotient(std_.row(g));
  }
  return out;
}

}  // namespace fedsec::traffic
