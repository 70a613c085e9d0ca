#include "traffic/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace fedsec::traffic {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double safe_ratio(double num, double den) { return den > 0.0 ? num / den : kNaN; }

}  // namespace

double roc_auc(const Eigen::VectorXd& scores, const std::vector<bool>& positive) {
  const auto n = static_cast<std::size_t>(scores.size());
  if (positive.size() != n) throw std::invalid_argument("roc_auc: one label per score expected");
  std::vector<std::pair<double, bool>> ranked(n);
  for (std::size_t i = 0; i < n; ++i) ranked[i] = {scores[static_cast<Eigen::Index>(i)], positive[i]};
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // Sum of the (mid-)ranks of the positives.
  double rank_sum = 0.0;
  long n_pos = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && ranked[j].first == ranked[i].first) ++j;
    const double mid_rank = 0.5 * static_cast<double>(i + 1 + j);  // ranks i+1 .. j
    for (std::size_t k = i; k < j; ++k)
      if (ranked[k].second) rank_sum += mid_rank, ++n_pos;
    i = j;
  }
  const long n_neg = static_cast<long>(n) - n_pos;
  if (n_pos == 0 || n_neg == 0) return kNaN;
  return (rank_sum - 0.5 * n_pos * (n_pos + 1.0)) / (static_cast<double>(n_pos) * n_neg);
}

double Confusion::precision() const { return safe_ratio(tp, tp + fp); }
double Confusion::recall() const { return safe_ratio(tp, tp + fn); }
double Confusion::f1() const { return tp + fp + fn > 0 ? 2.0 * tp / (2.0 * tp + fp + fn) : kNaN; }
double Confusion::false_positive_rate() const { return safe_ratio(fp, fp + tn); }
double Confusion::accuracy() const { return safe_ratio(tp + tn, tp + fp + tn + fn); }

Confusion confusion(const std::vector<bool>& alarm, const std::vector<bool>& positive) {
  if (alarm.size() != positive.size())
    throw std::invalid_argument("confusion: one label per decision expected");
  Confusion c;
  for (std::size_t i = 0; i < alarm.size(); ++i) {
    if (alarm[i])
      ++(positive[i] ? c.tp : c.fp);
    else
      ++(positive[i] ? c.fn : c.tn);
  }
  return c;
}

std::vector<bool> persistent_alarms(const std::vector<int>& pair, const std::vector<int64_t>& time_s,
                                    const std::vector<bool>& raw, int interval_s, int k) {
  std::vector<bool> out(raw.size(), false);
  int run = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const bool continues = i > 0 && pair[i] == pair[i - 1] && time_s[i] == time_s[i - 1] + interval_s;
    run = raw[i] ? (continues ? run + 1 : 1) : 0;
    out[i] = run >= k;
  }
  return out;
}

EventMetrics event_metrics(const std::vector<int>& incident, const std::vector<int64_t>& time_s,
                           const std::vector<bool>& alarm, const std::vector<int64_t>& incident_start_s,
                           int interval_s) {
  const std::size_t n = incident.size();
  if (time_s.size() != n || alarm.size() != n)
    throw std::invalid_argument("event_metrics: columns differ in length");
  std::vector<bool> seen(incident_start_s.size(), false);
  std::vector<int64_t> first_alarm(incident_start_s.size(), std::numeric_limits<int64_t>::max());
  EventMetrics m;
  m.decisions = static_cast<long>(n);
  for (std::size_t r = 0; r < n; ++r) {
    const int i = incident[r];
    if (i < 0) {
      m.false_alarm_decisions += alarm[r];
      continue;
    }
    seen[i] = true;
    if (alarm[r]) first_alarm[i] = std::min(first_alarm[i], time_s[r] + interval_s);
  }
  double delay_sum = 0.0;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (!seen[i]) continue;
    ++m.incidents;
    if (first_alarm[i] == std::numeric_limits<int64_t>::max()) continue;
    ++m.detected;
    delay_sum += static_cast<double>(first_alarm[i] - incident_start_s[i]);
  }
  m.detection_rate = safe_ratio(m.detected, m.incidents);
  m.mean_time_to_detect_s = m.detected > 0 ? delay_sum / m.detected : kNaN;
  m.decision_false_alarm_rate =
      safe_ratio(static_cast<double>(m.false_alarm_decisions), static_cast<double>(n));
  return m;
}

}  // namespace fedsec::traffic
