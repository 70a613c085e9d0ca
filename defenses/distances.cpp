#include "defenses/distances.h"

#include <algorithm>
#include <numeric>

namespace fedsec::defenses {

Eigen::MatrixXd gram(const torch::Tensor& x) {
  const auto g = at::mm(x, x.t()).to(torch::kFloat64).contiguous();
  const int64_t n = x.size(0);
  Eigen::MatrixXd out(n, n);
  std::copy(g.data_ptr<double>(), g.data_ptr<double>() + n * n, out.data());  // symmetric: order moot
  return 0.5 * (out + out.transpose());
}

Eigen::MatrixXd squared_distances_from_gram(const Eigen::MatrixXd& g) {
  const Eigen::Index n = g.rows();
  Eigen::MatrixXd d(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      d(i, j) = i == j ? 0.0 : std::max(0.0, g(i, i) + g(j, j) - 2.0 * g(i, j));
  return d;
}

Eigen::MatrixXd squared_distances(const torch::Tensor& x) { return squared_distances_from_gram(gram(x)); }

std::vector<int64_t> nearest(const Eigen::MatrixXd& dist, int64_t i, int64_t count) {
  std::vector<int64_t> order(static_cast<size_t>(dist.rows()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return dist(i, a) < dist(i, b); });
  // The zero self-distance can tie with a duplicate; keep i itself first.
  std::stable_partition(order.begin(), order.end(), [&](int64_t a) { return a == i; });
  order.resize(static_cast<size_t>(std::min<int64_t>(count, dist.rows())));
  return order;
}

double squared_distance(const float* a, const float* b, int64_t d) {
  constexpr int64_t kLanes = 8, kBlock = 4096;
  double total = 0.0;
  for (int64_t start = 0; start < d; start += kBlock) {
    const int64_t end = std::min(d, start + kBlock);
    float lane[kLanes] = {};
    int64_t j = start;
    for (; j + kLanes <= end; j += kLanes)
      for (int64_t l = 0; l < kLanes; ++l) {
        const float t = a[j + l] - b[j + l];
        lane[l] += t * t;
      }
    for (; j < end; ++j) {
      const float t = a[j] - b[j];
      lane[0] += t * t;
    }
    for (float v : lane) total += v;
  }
  return total;
}

}  // namespace fedsec::defenses
