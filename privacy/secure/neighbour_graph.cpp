#include "privacy/secure/neighbour_graph.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "fl/rng.h"

namespace fedsec::secure {

NeighbourGraph NeighbourGraph::complete(int n) {
  if (n < 1) throw std::invalid_argument("neighbour graph needs at least one node");
  NeighbourGraph g;
  g.neighbours_.resize(n);
  for (int u = 0; u < n; ++u) {
    for (int v = 0; v < n; ++v) {
      if (v != u) g.neighbours_[u].push_back(v);
    }
  }
  return g;
}

NeighbourGraph NeighbourGraph::harary(int n, int k, uint64_t seed) {
  if (k < 1 || k >= n) {
    throw std::invalid_argument("Harary degree " + std::to_string(k) + " must be in [1, " +
                                std::to_string(n - 1) + "] for " + std::to_string(n) + " nodes");
  }
  if (k % 2 == 1 && n % 2 == 1) {
    throw std::invalid_argument("no " + std::to_string(k) + "-regular graph on " + std::to_string(n) +
                                " nodes (odd degree needs an even node count)");
  }
  // position[r] is the node at ring position r (Fisher-Yates with a portable draw).
  std::vector<int> position(n);
  std::iota(position.begin(), position.end(), 0);
  fl::Rng rng(seed);
  for (int i = n - 1; i > 0; --i) {
    std::swap(position[i], position[fl::uniform_below(rng, static_cast<uint64_t>(i) + 1)]);
  }
  NeighbourGraph g;
  g.neighbours_.resize(n);
  auto link = [&](int r, int s) {
    g.neighbours_[position[r]].push_back(position[s]);
    g.neighbours_[position[s]].push_back(position[r]);
  };
  for (int r = 0; r < n; ++r) {
    for (int off = 1; off <= k / 2; ++off) link(r, (r + off) % n);
    if (k % 2 == 1 && r < n / 2) link(r, r + n / 2);
  }
  for (auto& list : g.neighbours_) std::sort(list.begin(), list.end());
  return g;
}

bool NeighbourGraph::adjacent(int u, int v) const {
  return std::binary_search(neighbours_[u].begin(), neighbours_[u].end(), v);
}

int default_harary_degree(int n) {
  if (n <= 2) return std::max(0, n - 1);
  int k = 2 * static_cast<int>(std::ceil(std::log2(static_cast<double>(n))));
  if (k % 2 == 1) ++k;
  return std::min(k, n - 1);
}

}  // namespace fedsec::secure
