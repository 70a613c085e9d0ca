#pragma once
// Who masks with and shares secrets with whom. SecAgg (Bonawitz et al., CCS 2017) uses the
// complete graph; SecAgg+ (Bell et al., CCS 2020) a random k-regular graph of degree
// O(log n): here the Harary graph H_{k,n} (each node joined to its k/2 nearest ring neighbours on
// each side, plus the opposite node when k is odd and n even) over a seeded uniformly random
// permutation of the nodes, the construction of Google's fcp and of Flower. Nodes are positions
// 0..n-1 in the round's participant list.

#include <cstdint>
#include <vector>

namespace fedsec::secure {

class NeighbourGraph {
 public:
  static NeighbourGraph complete(int n);
  // Requires 0 < k < n, and k even when n is odd (no k-regular graph exists otherwise).
  // The permutation is drawn from `seed` (a public value of the round: everyone can rebuild it).
  static NeighbourGraph harary(int n, int k, uint64_t seed);

  int size() const { return static_cast<int>(neighbours_.size()); }
  // The neighbours of node u, ascending, without u itself.
  const std::vector<int>& neighbours(int u) const { return neighbours_[u]; }
  bool adjacent(int u, int v) const;
  int degree(int u) const { return static_cast<int>(neighbours_[u].size()); }

 private:
  std::vector<std::vector<int>> neighbours_;
};

// The SecAgg+ default degree: the smallest even k >= 2 * ceil(log2 n), capped at n - 1 (where
// the graph becomes complete). A simulation default of order log n, not a calibrated choice.
int default_harary_degree(int n);

}  // namespace fedsec::secure
