#pragma once
// The data side of the benchmark: a dataset split by days into training, validation and test;
// station-pair features standardised per region with statistics of that region's normal training
// traffic; the shared feature map (random Fourier features or identity); per-region training
// sets of normal traffic for the one-class models and a pooled labelled set for supervised ones.
// Everything a method needs to train and be scored, so that further methods (e.g. FedAvg through
// fl/) plug in without touching the rest.

#include <cstdint>
#include <optional>
#include <vector>

#include "traffic/benchmark_config.h"
#include "traffic/dataset.h"
#include "traffic/features.h"
#include "traffic/random_features.h"
#include "traffic/region_graph.h"

namespace fedsec::traffic {

// The map from standardised features to model inputs, shared by every region.
class FeatureMap {
 public:
  FeatureMap() = default;  // the identity on zero features, until assigned
  FeatureMap(const BenchmarkConfig& config, int input_dim);
  int dim() const { return dim_; }
  RowMatrix apply(const RowMatrix& standardised) const;

 private:
  std::optional<RandomFourierFeatures> rff_;
  int dim_ = 0;
};

// One evaluation split. Rows are those of the pair table, ordered by pair then time, so each
// region's rows are contiguous.
struct EvaluationSet {
  PairTable table;             // raw features and incident labels (rule-based baselines use these)
  RowMatrix standardised;      // features after the region scaler
  std::vector<int> region;     // per row
  std::vector<bool> scored;    // false for rows labelled with a non-target incident
  std::vector<bool> positive;  // labelled with a target incident
};

struct PreparedBenchmark {
  int interval_s = 30;
  int regions = 0;
  WeightedGraph graph;
  std::vector<int64_t> incident_start_s;  // per Dataset::incidents entry
  FeatureMap map;
  std::vector<RowMatrix> normal_train;     // per region: mapped normal training rows
  RowMatrix supervised_train;              // pooled mapped labelled rows (empty: no positives)
  std::vector<int> supervised_labels;      // +1 target incident, -1 normal
  std::vector<double> supervised_weights;  // class-balanced
  RowMatrix supervised_standardised;       // the same rows before the feature map
  std::vector<int> supervised_region;      // the region of each of those rows
  EvaluationSet validation, test;
};

// Splits, featurises, standardises and maps. Throws UsageError if the dataset spans fewer days
// than the split needs, or has no regions.
PreparedBenchmark prepare_benchmark(const BenchmarkConfig& config, const Dataset& dataset);

}  // namespace fedsec::traffic
