#pragma once
// Incident-detection metrics (research note 4.6). Sample-level: AUC, precision, recall, F1,
// accuracy and the sample false-alarm rate FP / (FP + TN) of ML papers. Event-level, on rows of
// (pair, interval) decisions: detection rate, mean time to detect, and the algorithm-application
// false-alarm rate of the classic AID literature, false-alarm decisions / all decisions.

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

namespace fedsec::traffic {

// P(score of a random positive > score of a random negative), ties counting one half (the
// Mann-Whitney U statistic over n_pos n_neg). NaN when either class is empty.
double roc_auc(const Eigen::VectorXd& scores, const std::vector<bool>& positive);

struct Confusion {
  long tp = 0, fp = 0, tn = 0, fn = 0;
  double precision() const;            // NaN without alarms
  double recall() const;               // NaN without positives
  double f1() const;                   // 0 when precision + recall is 0
  double false_positive_rate() const;  // sample FAR, FP / (FP + TN)
  double accuracy() const;
};

Confusion confusion(const std::vector<bool>& alarm, const std::vector<bool>& positive);

// The persistence rule applied to every score-based method: an alarm at a row once the raw
// decision has held for k consecutive intervals of the same pair. Rows must be ordered by pair,
// then time; a gap in time restarts the count.
std::vector<bool> persistent_alarms(const std::vector<int>& pair, const std::vector<int64_t>& time_s,
                                    const std::vector<bool>& raw, int interval_s, int k);

struct EventMetrics {
  int incidents = 0;                       // incidents with at least one labelled row
  int detected = 0;                        // ... of which at least one labelled row carries an alarm
  double detection_rate = 0.0;             // detected / incidents (NaN without incidents)
  double mean_time_to_detect_s = 0.0;      // over detected incidents: end of the first alarmed
                                           // interval minus the incident start (NaN if none)
  long decisions = 0;                      // rows
  long false_alarm_decisions = 0;          // alarmed rows not labelled with an incident
  double decision_false_alarm_rate = 0.0;  // false_alarm_decisions / decisions
};

// incident[row]: index of the incident the row is labelled with, or -1; incident_start_s[i]: the
// start of incident i. An incident counts as detected by any alarm on a row labelled with it,
// which by the labelling rule means an alarm at its bracketing pair or the pair just upstream,
// between its start and its clearance plus the label tail.
EventMetrics event_metrics(const std::vector<int>& incident, const std::vector<int64_t>& time_s,
                           const std::vector<bool>& alarm, const std::vector<int64_t>& incident_start_s,
                           int interval_s);

}  // namespace fedsec::traffic
