#include "traffic/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace fedsec::traffic {
namespace {

TEST(Metrics, AucOfAKnownRanking) {
  // Positives 0.9 and 0.7 against negatives 0.8, 0.6, 0.5: 3 + 2 of 6 pairs ordered right.
  Eigen::VectorXd s(5);
  s << 0.9, 0.8, 0.7, 0.6, 0.5;
  EXPECT_NEAR(roc_auc(s, {true, false, true, false, false}), 5.0 / 6.0, 1e-15);
  EXPECT_DOUBLE_EQ(roc_auc(s, {true, true, false, false, false}), 1.0);
  EXPECT_DOUBLE_EQ(roc_auc(s, {false, false, false, true, true}), 0.0);
  Eigen::VectorXd tied(4);
  tied << 1.0, 1.0, 0.0, 1.0;
  EXPECT_DOUBLE_EQ(roc_auc(tied, {true, false, false, false}), (0.5 + 1.0 + 0.5) / 3.0);  // ties count half
  EXPECT_TRUE(std::isnan(roc_auc(s, {false, false, false, false, false})));
}

TEST(Metrics, ConfusionGivesPrecisionRecallF1AndSampleFalseAlarmRate) {
  const Confusion c =
      confusion({true, true, false, false, true, false}, {true, false, true, false, true, false});
  EXPECT_EQ(c.tp, 2);
  EXPECT_EQ(c.fp, 1);
  EXPECT_EQ(c.fn, 1);
  EXPECT_EQ(c.tn, 2);
  EXPECT_DOUBLE_EQ(c.precision(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(c.recall(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(c.f1(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(c.false_positive_rate(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(c.accuracy(), 4.0 / 6.0);
}

TEST(Metrics, PersistenceNeedsConsecutiveIntervalsOfOnePair) {
  const std::vector<int> pair = {0, 0, 0, 0, 0, 1, 1};
  const std::vector<int64_t> t = {0, 30, 60, 120, 150, 180, 210};  // a gap between 60 and 120
  const std::vector<bool> raw = {true, true, true, true, true, true, true};
  const auto a = persistent_alarms(pair, t, raw, 30, 2);
  EXPECT_EQ(a, (std::vector<bool>{false, true, true, false, true, false, true}));
}

// One pair, 30-s rows from t = 0 to 270. Incident 0 starts at t = 80 and labels rows 90..180;
// incident 1 labels rows of pair 1, which never alarm. Raw alarms at 30 (false), 120, 150 (true)
// and 240 (false).
TEST(Metrics, DetectionRateFalseAlarmsAndTimeToDetectOnAHandBuiltTimeline) {
  std::vector<int> incident, pair;
  std::vector<int64_t> time;
  std::vector<bool> raw;
  for (int64_t t = 0; t < 300; t += 30) {
    pair.push_back(0);
    time.push_back(t);
    incident.push_back(t >= 90 && t <= 180 ? 0 : -1);
    raw.push_back(t == 30 || t == 120 || t == 150 || t == 240);
  }
  for (int64_t t = 0; t < 90; t += 30)
    pair.push_back(1), time.push_back(t), incident.push_back(1), raw.push_back(false);
  const std::vector<int64_t> starts = {80, 0, 500};  // incident 2 has no rows: not counted

  const EventMetrics raw_m = event_metrics(incident, time, raw, starts, 30);
  EXPECT_EQ(raw_m.incidents, 2);
  EXPECT_EQ(raw_m.detected, 1);
  EXPECT_DOUBLE_EQ(raw_m.detection_rate, 0.5);
  EXPECT_DOUBLE_EQ(raw_m.mean_time_to_detect_s, 120 + 30 - 80);  // end of the first alarmed interval
  EXPECT_EQ(raw_m.decisions, 13);
  EXPECT_EQ(raw_m.false_alarm_decisions, 2);
  EXPECT_DOUBLE_EQ(raw_m.decision_false_alarm_rate, 2.0 / 13.0);

  const auto persistent = persistent_alarms(pair, time, raw, 30, 2);  // only t = 150 survives
  const EventMetrics m = event_metrics(incident, time, persistent, starts, 30);
  EXPECT_EQ(m.detected, 1);
  EXPECT_DOUBLE_EQ(m.mean_time_to_detect_s, 150 + 30 - 80);
  EXPECT_EQ(m.false_alarm_decisions, 0);
  std::vector<bool> positive(incident.size());
  for (std::size_t i = 0; i < incident.size(); ++i) positive[i] = incident[i] >= 0;
  // Sample FAR (FP / negatives) and decision FAR (FP / all decisions) differ in the denominator.
  const Confusion c = confusion(raw, positive);
  EXPECT_DOUBLE_EQ(c.false_positive_rate(), 2.0 / 6.0);
}

TEST(Metrics, NoDetectionGivesNanTimeToDetect) {
  const EventMetrics m = event_metrics({0, 0}, {0, 30}, {false, false}, {0}, 30);
  EXPECT_EQ(m.detected, 0);
  EXPECT_DOUBLE_EQ(m.detection_rate, 0.0);
  EXPECT_TRUE(std::isnan(m.mean_time_to_detect_s));
}

}  // namespace
}  // namespace fedsec::traffic
