#include "defenses/krum.h"

#include <algorithm>
#include <numeric>

#include "defenses/coordinate_stats_tensor.h"

namespace fedsec::defenses {

std::vector<double> krum_scores(const Eigen::MatrixXd& dist, const std::vector<int64_t>& active, int64_t f) {
  const auto r = static_cast<int64_t>(active.size());
  const int64_t neighbours = std::max<int64_t>(0, r - f - 2);
  std::vector<double> scores, row;
  for (int64_t i : active) {
    row.clear();
    for (int64_t j : active)
      if (j != i) row.push_back(dist(i, j));
    std::partial_sort(row.begin(), row.begin() + neighbours, row.end());
    scores.push_back(std::accumulate(row.begin(), row.begin() + neighbours, 0.0));
  }
  return scores;
}

std::vector<int64_t> ranking(const std::vector<double>& scores) {
  std::vector<int64_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return scores[a] < scores[b]; });
  return order;
}

namespace {

std::vector<int64_t> all_rows(const torch::Tensor& x) {
  std::vector<int64_t> rows(static_cast<size_t>(x.size(0)));
  std::iota(rows.begin(), rows.end(), 0);
  return rows;
}

}  // namespace

torch::Tensor KrumRule::combine(const torch::Tensor& x, const torch::Tensor&, int64_t f) {
  const auto scores = krum_scores(squared_distances(x), all_rows(x), f);
  return x[ranking(scores).front()].clone();
}

torch::Tensor MultiKrumRule::combine(const torch::Tensor& x, const torch::Tensor&, int64_t f) {
  const int64_t n = x.size(0);
  const int64_t m = std::min(m_ > 0 ? m_ : n - f, n - f);
  const auto order = ranking(krum_scores(squared_distances(x), all_rows(x), f));
  auto coefficients = torch::zeros({n}, torch::kFloat32);
  for (int64_t k = 0; k < m; ++k) coefficients[order[k]] = 1.0f / static_cast<float>(m);
  return weighted_row_sum(x, coefficients.data_ptr<float>());
}

}  // namespace fedsec::defenses
