#pragma once
// Everything that defines one run of the traffic incident-detection benchmark: where the data
// come from, how they are split and featurised, the models and their solvers, and the alarm rule.
// One seed drives the simulator, the random features and the training subsamples, so the same
// config gives the same results table.

#include <cstdint>
#include <string>

#include "traffic/california.h"
#include "traffic/features.h"
#include "traffic/lambda_path.h"
#include "traffic/linear_svm.h"
#include "traffic/logistic_regression.h"
#include "traffic/network_lasso.h"
#include "traffic/one_class_svm.h"
#include "traffic/region_graph.h"
#include "traffic/scenario.h"

namespace fedsec::traffic {

struct BenchmarkConfig {
  uint64_t seed = 1;                             // replaces scenario.seed
  ScenarioConfig scenario = default_scenario();  // simulated when data_dir is empty
  std::string data_dir;                          // a canonical CSV dataset (dataset_csv.h) to use instead

  // Consecutive whole days from the first sample's midnight: training, validation (to choose
  // lambda), test; later days are unused.
  int train_days = 6, validation_days = 2, test_days = 2;

  FeatureOptions features;
  // Which incidents a detector should find. Rows labelled with other incidents are left out of
  // training and scoring. kImpactful: incidents marked impactful, and lane-blocking ones whose
  // impact is unknown (incident logs).
  enum class Targets { kAll, kLaneBlocking, kImpactful };
  Targets targets = Targets::kImpactful;

  enum class FeatureMap { kRandomFourier, kLinear };
  FeatureMap feature_map = FeatureMap::kRandomFourier;
  int rff_dim = 200;
  double rff_bandwidth = 0.0;      // 0: sqrt(2 p), the median heuristic for p standardised features
  OneClassSvmOptions ocsvm;        // nu defaults to 0.05
  int max_train_per_region = 800;  // normal training rows kept per region (uniform subsample) ...
  double min_train_share = 0.25;   // ... after keeping a share drawn in [min, 1] per region, so that
                                   // regions differ in data volume (research note 5.7, item 8)

  RegionGraphOptions graph;
  AdmmOptions admm;
  LambdaPathOptions path;

  int persistence = 2;     // consecutive intervals before a score-based alarm
  double threshold = 0.0;  // a score above it is a raw alarm
  CaliforniaOptions california;

  bool supervised = true;  // also centralised logistic regression and linear SVM trained on labels
  LinearSvmOptions svm;
  LogisticRegressionOptions logreg;

  // Throws UsageError naming the first invalid field.
  void validate() const;
};

}  // namespace fedsec::traffic
