#pragma once
// Per-region standardisation: each region's features are turned into z-scores with that region's
// own mean and standard deviation, computed on its normal training traffic only, so that no
// region needs another's data (research note 1.3).

#include <vector>

#include "traffic/matrix.h"

namespace fedsec::traffic {

class RegionScaler {
 public:
  // Mean and standard deviation per region and column over the rows with use[row] set. A region
  // with fewer than two such rows gets the statistics of all used rows; a column without spread
  // gets standard deviation 1.
  static RegionScaler fit(const RowMatrix& x, const std::vector<int>& region_of_row, int regions,
                          const std::vector<bool>& use);

  // (x - mean[region]) / std[region], row by row.
  RowMatrix transform(const RowMatrix& x, const std::vector<int>& region_of_row) const;

  const Eigen::MatrixXd& means() const { return mean_; }  // regions x columns
  const Eigen::MatrixXd& stds() const { return std_; }

 private:
  Eigen::MatrixXd mean_, std_;
};

}  // namespace fedsec::traffic
