#pragma once
// Krum and Multi-Krum (Blanchard, El Mhamdi, Guerraoui, Stainer, NeurIPS 2017). The score of
// update i is the sum of its squared distances to its n-f-2 nearest other updates (the paper's
// count and squared distances, as Flower; ByzFL uses n-f-1 and Garfield unsquared distances).
// Krum returns the update with the lowest score (lower index on ties); Multi-Krum averages the m
// lowest-scoring updates, m = n - f by default (El Mhamdi et al., ICML 2018). Both require
// n >= 2f+3 and ignore sample weights. Distances come from one n x n Gram product.

#include <vector>

#include "defenses/distances.h"
#include "defenses/rule.h"

namespace fedsec::defenses {

// Krum scores of the rows listed in `active` (distances among them only), in the order of active.
std::vector<double> krum_scores(const Eigen::MatrixXd& dist, const std::vector<int64_t>& active, int64_t f);

// Positions in `scores` sorted by increasing score, ties by position.
std::vector<int64_t> ranking(const std::vector<double>& scores);

class KrumRule final : public Rule {
 public:
  bool accepts(int64_t n, int64_t f) const override { return n >= 2 * f + 3; }
  std::string requirement() const override { return "n >= 2f+3"; }
  torch::Tensor combine(const torch::Tensor& x, const torch::Tensor& weights, int64_t f) override;
};

class MultiKrumRule final : public Rule {
 public:
  explicit MultiKrumRule(int64_t m) : m_(m) {}  // m = 0: n - f
  bool accepts(int64_t n, int64_t f) const override { return n >= 2 * f + 3 && m_ <= n - f; }
  std::string requirement() const override { return "n >= 2f+3 and m <= n-f"; }
  torch::Tensor combine(const torch::Tensor& x, const torch::Tensor& weights, int64_t f) override;

 private:
  int64_t m_;
};

}  // namespace fedsec::defenses
