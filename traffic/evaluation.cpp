#include "traffic/evaluation.h"

#include <algorithm>
#include <limits>

namespace fedsec::traffic {

Eigen::MatrixXd score_models(const EvaluationSet& set, const FeatureMap& map,
                             const std::vector<std::vector<Eigen::VectorXd>>& weights) {
  constexpr Eigen::Index kBlock = 4096;
  const auto rows = static_cast<Eigen::Index>(set.region.size());
  const auto models = static_cast<Eigen::Index>(weights.size());
  Eigen::MatrixXd scores(rows, models);
  for (Eigen::Index begin = 0; begin < rows;) {
    // A block of consecutive rows of one region.
    const int g = set.region[begin];
    Eigen::Index end = begin;
    while (end < rows && end - begin < kBlock && set.region[end] == g) ++end;
    const RowMatrix mapped = map.apply(set.standardised.middleRows(begin, end - begin));
    Eigen::MatrixXd w(mapped.cols() + 1, models);
    for (Eigen::Index m = 0; m < models; ++m) w.col(m) = weights[m][g];
    scores.middleRows(begin, end - begin) = mapped * w.topRows(mapped.cols());
    scores.middleRows(begin, end - begin).rowwise() += w.row(mapped.cols());
    begin = end;
  }
  return scores;
}

namespace {

template <typename T>
std::vector<T> keep_scored(const std::vector<T>& v, const std::vector<bool>& scored) {
  std::vector<T> out;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (scored[i]) out.push_back(v[i]);
  return out;
}

MethodResult metrics_of(const std::string& method, const Eigen::VectorXd& scores,
                        const std::vector<bool>& alarms, const EvaluationSet& set,
                        const PreparedBenchmark& prepared) {
  std::vector<double> kept_scores;
  for (std::size_t i = 0; i < set.scored.size(); ++i)
    if (set.scored[i]) kept_scores.push_back(scores[static_cast<Eigen::Index>(i)]);
  const std::vector<bool> positive = keep_scored(set.positive, set.scored);
  const std::vector<bool> alarm = keep_scored(alarms, set.scored);
  std::vector<int> incident = keep_scored(set.table.incident, set.scored);
  for (std::size_t i = 0; i < incident.size(); ++i)
    if (!positive[i]) incident[i] = -1;
  MethodResult r;
  r.method = method;
  r.lambda = std::numeric_limits<double>::quiet_NaN();
  r.auc = roc_auc(
      Eigen::Map<const Eigen::VectorXd>(kept_scores.data(), static_cast<Eigen::Index>(kept_scores.size())),
      positive);
  const Confusion c = confusion(alarm, positive);
  r.f1 = c.f1();
  r.precision = c.precision();
  r.recall = c.recall();
  r.sample_far = c.false_positive_rate();
  r.accuracy = c.accuracy();
  r.events = event_metrics(incident, keep_scored(set.table.time_s, set.scored), alarm,
                           prepared.incident_start_s, prepared.interval_s);
  return r;
}

}  // namespace

MethodResult evaluate_scores(const std::string& method, const Eigen::VectorXd& scores,
                             const EvaluationSet& set, const PreparedBenchmark& prepared, double threshold,
                             int persistence) {
  std::vector<bool> raw(set.scored.size());
  for (std::size_t i = 0; i < raw.size(); ++i) raw[i] = scores[static_cast<Eigen::Index>(i)] > threshold;
  const std::vector<bool> alarms =
      persistent_alarms(set.table.pair, set.table.time_s, raw, prepared.interval_s, persistence);
  return metrics_of(method, scores, alarms, set, prepared);
}

MethodResult evaluate_alarms(const std::string& method, const std::vector<bool>& alarms,
                             const EvaluationSet& set, const PreparedBenchmark& prepared) {
  Eigen::VectorXd scores(static_cast<Eigen::Index>(alarms.size()));
  for (std::size_t i = 0; i < alarms.size(); ++i)
    scores[static_cast<Eigen::Index>(i)] = alarms[i] ? 1.0 : 0.0;
  return metrics_of(method, scores, alarms, set, prepared);
}

}  // namespace fedsec::traffic
