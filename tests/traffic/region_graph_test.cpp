#include "traffic/region_graph.h"

#include <gtest/gtest.h>

#include <cmath>

namespace fedsec::traffic {
namespace {

// Road A northbound (regions 0, 1) and southbound (regions 2, 3) over the same postmiles 0-8,
// road B eastbound (region 4) elsewhere. Regions 0 and 4 share descriptors exactly.
Dataset two_roads() {
  Dataset d;
  d.regions = {{0, "A", "N", 3, 0.5, false, 1.0},
               {1, "A", "N", 3, 0.5, true, 5.0},
               {2, "A", "S", 4, 1.0, false, 5.0},
               {3, "A", "S", 4, 1.0, false, 1.0},
               {4, "B", "E", 3, 0.5, false, 1.0}};
  d.stations = {{1, "A", "N", 0.0, 3, 0}, {2, "A", "N", 3.0, 3, 0}, {3, "A", "N", 5.0, 3, 1},
                {4, "A", "N", 8.0, 3, 1}, {5, "A", "S", 8.0, 4, 2}, {6, "A", "S", 5.5, 4, 2},
                {7, "A", "S", 3.5, 4, 3}, {8, "A", "S", 0.0, 4, 3}, {9, "B", "E", 0.0, 3, 4},
                {10, "B", "E", 2.0, 3, 4}};
  return d;
}

double weight(const WeightedGraph& g, int a, int b) {
  for (const WeightedEdge& e : g.edges)
    if ((e.a == a && e.b == b) || (e.a == b && e.b == a)) return e.weight;
  return 0.0;
}

TEST(RegionGraph, RoadAdjacencyLinksConsecutiveAndOppositeOverlappingRegions) {
  RegionGraphOptions o;
  o.alpha = 1.0;  // adjacency only
  const WeightedGraph g = build_region_graph(two_roads(), o);
  EXPECT_EQ(g.nodes, 5);
  EXPECT_DOUBLE_EQ(weight(g, 0, 1), 1.0);  // consecutive northbound
  EXPECT_DOUBLE_EQ(weight(g, 2, 3), 1.0);  // consecutive southbound
  EXPECT_DOUBLE_EQ(weight(g, 0, 3), 1.0);  // opposite directions, postmiles 0-3 and 0-3.5 overlap
  EXPECT_DOUBLE_EQ(weight(g, 1, 2), 1.0);
  EXPECT_DOUBLE_EQ(weight(g, 0, 2), 0.0);  // 0-3 against 5.5-8
  EXPECT_DOUBLE_EQ(weight(g, 0, 4), 0.0);  // another road
  EXPECT_FALSE(g.connected());             // road B stands alone
}

TEST(RegionGraph, DescriptorSimilarityConnectsLookAlikeRegionsAcrossRoads) {
  RegionGraphOptions o;
  o.alpha = 0.5;
  o.neighbours = 1;
  const WeightedGraph g = build_region_graph(two_roads(), o);
  EXPECT_DOUBLE_EQ(weight(g, 0, 4), 0.5);  // identical descriptors: similarity exp(0) = 1, times 1 - alpha
  EXPECT_GE(weight(g, 0, 1), 0.5);         // the adjacency half, plus similarity if they are neighbours
  EXPECT_TRUE(g.connected());
  for (const WeightedEdge& e : g.edges) {
    EXPECT_LT(e.a, e.b);
    EXPECT_GE(e.weight, o.min_weight);
    EXPECT_LE(e.weight, 1.0);
  }
}

}  // namespace
}  // namespace fedsec::traffic
