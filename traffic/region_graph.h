#pragma once
// The graph that couples region models in network lasso. Following Zhu et al. 2024 it fuses road
// adjacency with similarity of the regions' geometric descriptors (research note 1.7):
//
//   w_jk = alpha * 1[j, k road-adjacent] + (1 - alpha) * exp(-||g_j - g_k||^2 / s^2) * 1[k in kNN(j) or j in
//   kNN(k)]
//
// with g the z-scored descriptors (lanes, ramps per km, lane drop, distance to the centre) and s
// the median pairwise descriptor distance. Edges lighter than min_weight are dropped.

#include <vector>

#include "traffic/dataset.h"

namespace fedsec::traffic {

struct WeightedEdge {
  int a = 0, b = 0;  // node indices, a < b
  double weight = 1.0;
};

struct WeightedGraph {
  int nodes = 0;
  std::vector<WeightedEdge> edges;

  // True when every node can reach every other (a graph of one node is connected).
  bool connected() const;
};

struct RegionGraphOptions {
  double alpha = 0.5;
  int neighbours = 3;
  double min_weight = 0.05;
};

// Road adjacency: consecutive regions along one road direction, and regions of opposite directions
// of the same road whose postmile ranges overlap. Nodes are Dataset::regions in order.
WeightedGraph build_region_graph(const Dataset& dataset, const RegionGraphOptions& options);

}  // namespace fedsec::traffic
