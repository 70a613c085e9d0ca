#include "traffic/region_graph.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include <Eigen/Dense>

#include "fl/errors.h"

namespace fedsec::traffic {
namespace {

bool opposite(const std::string& a, const std::string& b) {
  return (a == "N" && b == "S") || (a == "S" && b == "N") || (a == "E" && b == "W") || (a == "W" && b == "E");
}

Eigen::MatrixXd standardised_descriptors(const std::vector<Region>& regions) {
  const int n = static_cast<int>(regions.size());
  Eigen::MatrixXd g(n, 4);
  for (int i = 0; i < n; ++i)
    g.row(i) << regions[i].lanes, regions[i].ramps_per_km, regions[i].lane_drop ? 1.0 : 0.0,
        regions[i].center_distance_km;
  for (Eigen::Index c = 0; c < g.cols(); ++c) {
    const double mean = g.col(c).mean();
    const double sd = std::sqrt((g.col(c).array() - mean).square().mean());
    g.col(c) = ((g.col(c).array() - mean) / (sd > 1e-12 ? sd : 1.0)).matrix();
  }
  return g;
}

}  // namespace

bool WeightedGraph::connected() const {
  if (nodes <= 1) return true;
  std::vector<int> parent(nodes);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  int components = nodes;
  for (const WeightedEdge& e : edges) {
    const int ra = find(e.a), rb = find(e.b);
    if (ra != rb) parent[ra] = rb, --components;
  }
  return components == 1;
}

WeightedGraph build_region_graph(const Dataset& d, const RegionGraphOptions& o) {
  if (o.alpha < 0.0 || o.alpha > 1.0 || o.neighbours < 0)
    throw UsageError("region graph: alpha must be in [0, 1] and neighbours >= 0");
  const int n = static_cast<int>(d.regions.size());
  Eigen::MatrixXd adjacency = Eigen::MatrixXd::Zero(n, n), similarity = adjacency;

  // Postmile span and mean position along travel of each region.
  std::vector<double> lo(n, std::numeric_limits<double>::infinity()), hi(n, -lo[0]), along(n, 0.0);
  std::vector<int> count(n, 0);
  for (const Station& s : d.stations) {
    lo[s.region] = std::min(lo[s.region], s.postmile_km);
    hi[s.region] = std::max(hi[s.region], s.postmile_km);
    along[s.region] += along_travel_km(s.direction, s.postmile_km);
    ++count[s.region];
  }
  std::map<std::pair<std::string, std::string>, std::vector<int>> by_corridor;
  for (int i = 0; i < n; ++i) {
    if (count[i] == 0) continue;
    along[i] /= count[i];
    by_corridor[{d.regions[i].road, d.regions[i].direction}].push_back(i);
  }
  for (auto& [key, ids] : by_corridor) {
    std::sort(ids.begin(), ids.end(), [&](int a, int b) { return along[a] < along[b]; });
    for (std::size_t k = 0; k + 1 < ids.size(); ++k)
      adjacency(ids[k], ids[k + 1]) = adjacency(ids[k + 1], ids[k]) = 1;
  }
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j)
      if (count[i] && count[j] && d.regions[i].road == d.regions[j].road &&
          opposite(d.regions[i].direction, d.regions[j].direction) && lo[i] <= hi[j] && lo[j] <= hi[i])
        adjacency(i, j) = adjacency(j, i) = 1;

  if (n > 1 && o.neighbours > 0) {
    const Eigen::MatrixXd g = standardised_descriptors(d.regions);
    Eigen::MatrixXd dist(n, n);
    std::vector<double> pairwise;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        dist(i, j) = (g.row(i) - g.row(j)).norm();
        if (i < j) pairwise.push_back(dist(i, j));
      }
    std::nth_element(pairwise.begin(), pairwise.begin() + pairwise.size() / 2, pairwise.end());
    const double median = pairwise[pairwise.size() / 2];
    const double s2 = median > 1e-12 ? median * median : 1.0;
    for (int i = 0; i < n; ++i) {
      std::vector<int> order;
      for (int j = 0; j < n; ++j)
        if (j != i) order.push_back(j);
      const int k = std::min<int>(o.neighbours, static_cast<int>(order.size()));
      std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int a, int b) {
        return dist(i, a) < dist(i, b) || (dist(i, a) == dist(i, b) && a < b);
      });
      for (int t = 0; t < k; ++t) {
        const int j = order[t];
        similarity(i, j) = similarity(j, i) = std::exp(-dist(i, j) * dist(i, j) / s2);
      }
    }
  }

  WeightedGraph graph;
  graph.nodes = n;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      const double w = o.alpha * adjacency(i, j) + (1.0 - o.alpha) * similarity(i, j);
      if (w >= o.min_weight && w > 0.0) graph.edges.push_back({i, j, w});
    }
  return graph;
}

}  // namespace fedsec::traffic
