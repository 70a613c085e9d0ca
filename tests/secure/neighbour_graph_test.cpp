// The SecAgg+ neighbour graph is k-regular, connected, and reproducible from its seed.
#include <gtest/gtest.h>

#include <queue>

#include "privacy/secure/neighbour_graph.h"

namespace fedsec::secure {
namespace {

bool connected(const NeighbourGraph& g) {
  std::vector<bool> seen(g.size(), false);
  std::queue<int> todo;
  todo.push(0);
  seen[0] = true;
  int count = 1;
  while (!todo.empty()) {
    const int u = todo.front();
    todo.pop();
    for (int v : g.neighbours(u)) {
      if (!seen[v]) {
        seen[v] = true;
        ++count;
        todo.push(v);
      }
    }
  }
  return count == g.size();
}

TEST(NeighbourGraph, HararyIsRegularSymmetricAndConnected) {
  for (int n : {3, 4, 8, 15, 16, 50, 101, 500}) {
    for (int k : {2, 3, 4, 5, default_harary_degree(n), n - 1}) {
      if (k < 1 || k >= n || (k % 2 == 1 && n % 2 == 1)) continue;
      const NeighbourGraph g = NeighbourGraph::harary(n, k, 42 + n);
      for (int u = 0; u < n; ++u) {
        ASSERT_EQ(g.degree(u), k) << "n=" << n << " k=" << k << " u=" << u;
        for (int v : g.neighbours(u)) {
          EXPECT_NE(u, v);
          EXPECT_TRUE(g.adjacent(v, u));
        }
      }
      EXPECT_TRUE(connected(g)) << "n=" << n << " k=" << k;
    }
  }
}

TEST(NeighbourGraph, SeedDecidesThePermutation) {
  const NeighbourGraph a = NeighbourGraph::harary(30, 6, 1);
  const NeighbourGraph b = NeighbourGraph::harary(30, 6, 1);
  const NeighbourGraph c = NeighbourGraph::harary(30, 6, 2);
  bool same_ab = true, same_ac = true;
  for (int u = 0; u < 30; ++u) {
    same_ab = same_ab && a.neighbours(u) == b.neighbours(u);
    same_ac = same_ac && a.neighbours(u) == c.neighbours(u);
  }
  EXPECT_TRUE(same_ab);
  EXPECT_FALSE(same_ac);
}

TEST(NeighbourGraph, DefaultDegreeIsOrderLogN) {
  EXPECT_EQ(default_harary_degree(2), 1);
  EXPECT_EQ(default_harary_degree(15), 8);
  EXPECT_EQ(default_harary_degree(100), 14);
  EXPECT_EQ(default_harary_degree(1000), 20);
  for (int n : {3, 5, 10, 100, 1000}) EXPECT_LT(default_harary_degree(n), n);
}

TEST(NeighbourGraph, CompleteGraphAndBadDegrees) {
  const NeighbourGraph g = NeighbourGraph::complete(5);
  for (int u = 0; u < 5; ++u) EXPECT_EQ(g.degree(u), 4);
  EXPECT_THROW(NeighbourGraph::harary(5, 3, 0), std::invalid_argument);
  EXPECT_THROW(NeighbourGraph::harary(5, 5, 0), std::invalid_argument);
  EXPECT_THROW(NeighbourGraph::harary(5, 0, 0), std::invalid_argument);
}

}  // namespace
}  // namespace fedsec::secure
