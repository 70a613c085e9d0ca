#include "traffic/features.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "fl/errors.h"
#include "traffic/region_scaler.h"

namespace fedsec::traffic {
namespace {

// Southbound road with stations at postmiles 3, 2, 1 (travel order 10 -> 11 -> 12), 30 s samples.
Dataset three_stations() {
  Dataset d;
  d.interval_s = 30;
  d.regions = {{0, "5", "S", 3, 0, false, 0}, {1, "5", "S", 3, 0, false, 0}};
  d.stations = {{12, "5", "S", 1.0, 3, 1}, {10, "5", "S", 3.0, 3, 0}, {11, "5", "S", 2.0, 3, 0}};
  const double occ[3][4] = {{0.10, 0.12, 0.30, 0.40},   // station 10
                            {0.10, 0.10, 0.05, 0.04},   // station 11
                            {0.08, 0.08, 0.08, 0.08}};  // station 12
  const int64_t ids[3] = {10, 11, 12};
  for (int s = 0; s < 3; ++s)
    for (int k = 0; k < 4; ++k)
      d.samples.push_back(
          {30 * k, ids[s], 3000.0f + 100 * k, static_cast<float>(occ[s][k]), 90.0f - 10 * k, true});
  return d;
}

TEST(Features, PairsFollowTheDirectionOfTravel) {
  const Dataset d = three_stations();
  const auto pairs = station_pairs(d);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(d.stations[pairs[0].up].id, 10);
  EXPECT_EQ(d.stations[pairs[0].down].id, 11);
  EXPECT_EQ(pairs[0].region, 0);
  EXPECT_EQ(d.stations[pairs[1].down].id, 12);
}

TEST(Features, ComputesCaliforniaMeasuresAndTemporalChanges) {
  FeatureOptions o;
  o.lag_s = 60;  // two intervals
  const PairTable t = build_pair_table(three_stations(), o, 0, 120);
  // Rows need t - 60 s, so t = 60 and 90 per pair.
  ASSERT_EQ(t.rows(), 4u);
  EXPECT_EQ(t.pair[0], 0);
  EXPECT_EQ(t.time_s[0], 60);
  EXPECT_EQ(t.time_s[1], 90);
  const auto r = t.features.row(1);   // pair 10 -> 11 at t = 90
  EXPECT_FLOAT_EQ(r[kOccUp], 0.40f);  // samples hold floats
  EXPECT_FLOAT_EQ(r[kOccDown], 0.04f);
  EXPECT_NEAR(r[kOccDiff], 0.36, 1e-7);
  EXPECT_NEAR(r[kOccRelDiff], 0.36 / 0.40, 1e-6);
  EXPECT_NEAR(r[kOccDownDrop], (0.10 - 0.04) / 0.10, 1e-6);  // against t = 30
  EXPECT_NEAR(r[kOccUpChange], 0.40 - 0.12, 1e-7);
  EXPECT_NEAR(r[kOccDiffChange], 0.36 - 0.02, 1e-6);
  EXPECT_DOUBLE_EQ(r[kFlowUp], 3300.0);
  EXPECT_DOUBLE_EQ(r[kSpeedDiff], 0.0);
  EXPECT_EQ(feature_names().size(), static_cast<std::size_t>(kFeatureCount));
}

TEST(Features, MissingReadingsDropRowsAndMissingSpeedIsImputed) {
  Dataset d = three_stations();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (Sample& s : d.samples) {
    if (s.station_id == 11 && s.time_s == 90) s.occupancy = nan;
    if (s.station_id == 12) s.speed_kph = nan;
  }
  const PairTable t = build_pair_table(d, FeatureOptions{}, 0, 120);
  ASSERT_EQ(t.rows(), 2u);  // station 11 at t = 90 sits in both pairs' rows at t = 90
  EXPECT_EQ(t.time_s[1], 60);
  const auto r = t.features.row(1);  // pair 11 -> 12 at t = 60
  EXPECT_NEAR(r[kSpeedDown], 3200.0 / 3 * 0.006 / 0.08, 1e-3);
}

TEST(Features, LabelsTheBracketingAndTheUpstreamPairDuringTheIncidentAndItsTail) {
  Dataset d = three_stations();
  // Between stations 11 (pm 2) and 12 (pm 1): pair 11->12 brackets it, 10->11 is just upstream.
  d.incidents = {{1, "5", "S", 1.5, 45, 60, 1, IncidentType::kLaneBlocking}};
  FeatureOptions o;
  o.label_tail_s = 30;
  const PairTable t = build_pair_table(d, o, 0, 120);
  ASSERT_EQ(t.rows(), 4u);
  for (std::size_t i = 0; i < t.rows(); ++i) {
    // [45, 60 + 30): only t = 60 qualifies; t = 90 is out.
    EXPECT_EQ(t.incident[i], t.time_s[i] == 60 ? 0 : -1) << "row " << i;
  }
  d.incidents[0].road = "7";
  const PairTable other = build_pair_table(d, o, 0, 120);
  for (int label : other.incident) EXPECT_EQ(label, -1);
}

TEST(Features, RejectsALagThatIsNotAMultipleOfTheInterval) {
  FeatureOptions o;
  o.lag_s = 45;
  EXPECT_THROW(build_pair_table(three_stations(), o, 0, 120), UsageError);
}

TEST(RegionScaler, StandardisesEachRegionWithItsOwnStatistics) {
  RowMatrix x(5, 2);
  x << 1, 10, 3, 10, 100, 5, 300, 7, 1000, 1000;
  const std::vector<int> region = {0, 0, 1, 1, 1};
  const std::vector<bool> use = {true, true, true, true, false};  // the outlier row is not fitted
  const RegionScaler s = RegionScaler::fit(x, region, 2, use);
  EXPECT_DOUBLE_EQ(s.means()(0, 0), 2.0);
  EXPECT_DOUBLE_EQ(s.stds()(0, 1), 1.0);  // constant column
  const RowMatrix z = s.transform(x, region);
  EXPECT_NEAR(z(0, 0), -1.0 / std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(z(2, 0) + z(3, 0), 0.0, 1e-12);
  EXPECT_NEAR(z(3, 1), 1.0 / std::sqrt(2.0), 1e-12);
}

TEST(RegionScaler, ARegionWithoutFittedRowsUsesThePooledStatistics) {
  RowMatrix x(3, 1);
  x << 0, 2, 50;
  const RegionScaler s = RegionScaler::fit(x, {0, 0, 1}, 2, {true, true, false});
  EXPECT_DOUBLE_EQ(s.means()(1, 0), 1.0);
}

}  // namespace
}  // namespace fedsec::traffic
