#pragma once
// A robust aggregation rule as a computation on finite updates. RobustAggregator
// (robust_aggregator.h) wraps a rule with what all rules share: checking n against the assumed
// number f of Byzantine updates, setting aside non-finite updates, and pre-aggregation (NNM).

#include <string>

#include "fl/tensor.h"

namespace fedsec::defenses {

class Rule {
 public:
  virtual ~Rule() = default;
  // Whether the rule's guarantee holds for n updates of which f may be Byzantine.
  virtual bool accepts(int64_t n, int64_t f) const = 0;
  // That requirement in words, for error messages and docs: "n >= 2f+3".
  virtual std::string requirement() const = 0;
  // x: n x d float32, contiguous, every entry finite; weights: n float64 sample counts (only the
  // mean uses them). Called with accepts(n, f), or with f = 0 and any n >= 1 (more updates were
  // set aside as non-finite than f allowed). Returns a float32 d-vector.
  virtual torch::Tensor combine(const torch::Tensor& x, const torch::Tensor& weights, int64_t f) = 0;
  // True when combine's output is non-finite whenever a row is (a weighted sum): the aggregator
  // may then skip its pass looking for non-finite rows when the output on all rows is finite.
  virtual bool propagates_nonfinite() const { return false; }
  // True for the sample-weighted mean, the one rule computable from the weighted sum alone.
  virtual bool is_weighted_mean() const { return false; }
};

}  // namespace fedsec::defenses
