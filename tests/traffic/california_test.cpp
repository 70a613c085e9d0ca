#include "traffic/california.h"

#include <gtest/gtest.h>

#include <array>

namespace fedsec::traffic {
namespace {

// A one-pair table from per-interval (OCCDF, OCCRDF, DOCCTD, DOCC).
PairTable table(const std::vector<std::array<double, 4>>& rows) {
  PairTable t;
  t.pairs = {{0, 1, 0}};
  t.features = RowMatrix::Zero(static_cast<Eigen::Index>(rows.size()), kFeatureCount);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    t.features(i, kOccDiff) = rows[i][0];
    t.features(i, kOccRelDiff) = rows[i][1];
    t.features(i, kOccDownDrop) = rows[i][2];
    t.features(i, kOccDown) = rows[i][3];
    t.pair.push_back(0);
    t.time_s.push_back(30 * static_cast<int64_t>(i));
    t.incident.push_back(-1);
  }
  return t;
}

constexpr std::array<double, 4> kQuiet = {0.0, 0.0, 0.0, 0.1};
constexpr std::array<double, 4> kIncident = {0.3, 0.8, 0.5, 0.05};  // passes T1, T2, T3
constexpr std::array<double, 4> kHolding = {0.2, 0.7, 0.0, 0.05};   // OCCRDF still high
constexpr std::array<double, 4> kCompression = {0.0, 0.0, -0.6, 0.4};

TEST(California8, ConfirmsAfterATentativeIntervalAndContinuesWhileOccrdfHolds) {
  const auto a = california8_alarms(table({kQuiet, kIncident, kHolding, kHolding, kQuiet, kHolding}), 30,
                                    CaliforniaOptions{});
  EXPECT_EQ(a, (std::vector<bool>{false, false, true, true, false, false}));
}

TEST(California8, OneIntervalSpikeIsNotConfirmed) {
  const auto a = california8_alarms(table({kIncident, kQuiet, kQuiet}), 30, CaliforniaOptions{});
  EXPECT_EQ(a, (std::vector<bool>{false, false, false}));
}

TEST(California8, CompressionWaveSuppressesDetectionForFiveMinutes) {
  std::vector<std::array<double, 4>> rows = {kCompression};
  for (int i = 0; i < 12; ++i) rows.push_back(i % 2 ? kHolding : kIncident);
  const auto a = california8_alarms(table(rows), 30, CaliforniaOptions{});
  // 300 s = 10 intervals suppressed after the wave (rows 1..10); row 11 is tentative, 12 alarms.
  for (int i = 0; i <= 11; ++i) EXPECT_FALSE(a[i]) << "row " << i;
  EXPECT_TRUE(a[12]);
}

TEST(California8, TentativeTestVariantsDifferOnTheDownstreamStation) {
  // A queue upstream while the downstream station is itself busy (DOCC 0.25) but just dropped.
  const std::array<double, 4> busy_downstream = {0.3, 0.8, 0.5, 0.25};
  // A queue upstream over a quiet downstream station whose occupancy did not change.
  const std::array<double, 4> steady_downstream = {0.3, 0.8, 0.0, 0.05};
  CaliforniaOptions occupancy;  // the default: DOCC < 0.2
  CaliforniaOptions drop;
  drop.tentative = CaliforniaOptions::TentativeTest::kDownstreamDrop;  // DOCCTD >= 0.3
  EXPECT_EQ(california8_alarms(table({busy_downstream, kHolding}), 30, occupancy),
            (std::vector<bool>{false, false}));
  EXPECT_EQ(california8_alarms(table({busy_downstream, kHolding}), 30, drop),
            (std::vector<bool>{false, true}));
  EXPECT_EQ(california8_alarms(table({steady_downstream, kHolding}), 30, occupancy),
            (std::vector<bool>{false, true}));
  EXPECT_EQ(california8_alarms(table({steady_downstream, kHolding}), 30, drop),
            (std::vector<bool>{false, false}));
}

TEST(California8, AGapInTimeResetsThePair) {
  PairTable t = table({kIncident, kHolding});
  t.time_s[1] = 90;  // one interval missing
  EXPECT_EQ(california8_alarms(t, 30, CaliforniaOptions{}), (std::vector<bool>{false, false}));
}

}  // namespace
}  // namespace fedsec::traffic
