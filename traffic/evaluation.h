#pragma once
// Turns model scores or alarms on an evaluation split into the benchmark's metrics, with one
// alarm rule for every score-based method: score > threshold, held for `persistence` intervals.

#include <string>
#include <vector>

#include <Eigen/Dense>

#include "traffic/benchmark_data.h"
#include "traffic/metrics.h"

namespace fedsec::traffic {

struct MethodResult {
  std::string method;
  double lambda = 0.0;  // network lasso only; NaN otherwise
  double auc = 0.0, f1 = 0.0, precision = 0.0, recall = 0.0, sample_far = 0.0, accuracy = 0.0;
  EventMetrics events;  // detection rate, mean time to detect, decision false-alarm rate
  double train_seconds = 0.0;
};

// Scores of several models on a split, one column per model: weights[m][g] is the affine score
// weight vector (feature-map dimension + 1, see NodeObjective::score_weights) of model m in
// region g. Maps features in blocks, so the mapped split never sits in memory whole.
Eigen::MatrixXd score_models(const EvaluationSet& set, const FeatureMap& map,
                             const std::vector<std::vector<Eigen::VectorXd>>& weights);

// Metrics of one model: AUC on the raw scores of scored rows; alarms = persistent(score >
// threshold), then F1, sample FAR and the event metrics on scored rows.
MethodResult evaluate_scores(const std::string& method, const Eigen::VectorXd& scores,
                             const EvaluationSet& set, const PreparedBenchmark& prepared, double threshold,
                             int persistence);

// Metrics of a method that outputs alarms directly (its AUC is that of the 0/1 alarm).
MethodResult evaluate_alarms(const std::string& method, const std::vector<bool>& alarms,
                             const EvaluationSet& set, const PreparedBenchmark& prepared);

}  // namespace fedsec::traffic
