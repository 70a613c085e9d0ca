#pragma once
// Small random shards and models for the DIFF2 tests.

#include <Eigen/Dense>
#include <vector>

#include "fl/rng.h"
#include "privacy/diff2_data.h"
#include "privacy/diff2_noise.h"

namespace fedsec::privacy::testing {

// n records of standard normal inputs and targets, from a stream fixed by seed.
inline RegressionData random_records(int64_t n, const MlpShape& shape, uint64_t seed) {
  fl::Rng rng = fl::make_rng(seed, "diff2.test.records");
  RegressionData d;
  d.inputs.resize(n, shape.features);
  d.targets.resize(n, shape.outputs);
  fill_standard_normal(d.inputs.data(), d.inputs.size(), rng);
  fill_standard_normal(d.targets.data(), d.targets.size(), rng);
  return d;
}

// A parameter vector of standard normal entries.
inline Eigen::VectorXd random_params(const MlpShape& shape, uint64_t seed) {
  fl::Rng rng = fl::make_rng(seed, "diff2.test.params");
  Eigen::VectorXd x(shape.num_params());
  fill_standard_normal(x.data(), x.size(), rng);
  return x;
}

}  // namespace fedsec::privacy::testing
