#include "traffic/simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <vector>

#include "fl/errors.h"
#include "traffic/incidents.h"

namespace fedsec::traffic {
namespace {

ScenarioConfig one_corridor(int stations, int days) {
  ScenarioConfig s;
  CorridorConfig c;
  c.stations = stations;
  c.stations_per_region = 5;
  s.corridors = {c};
  s.days = days;
  s.incidents.lane_blocking_per_day = 0.0;
  s.incidents.shoulder_per_day = 0.0;
  return s;
}

// Mean occupancy of a station over [from_s, to_s), observed samples only.
double mean_occupancy(const Dataset& d, int64_t station, double from_s, double to_s) {
  double sum = 0.0;
  int n = 0;
  for (const Sample& s : d.samples) {
    if (s.station_id != station || !s.observed || s.time_s < from_s || s.time_s >= to_s) continue;
    sum += s.occupancy;
    ++n;
  }
  return sum / n;
}

TEST(Simulator, SameSeedGivesIdenticalDataAndAnotherSeedDoesNot) {
  ScenarioConfig s = one_corridor(6, 1);
  s.incidents.lane_blocking_per_day = 2.0;
  const Dataset a = simulate(s), b = simulate(s);
  ASSERT_EQ(a.samples.size(), b.samples.size());
  ASSERT_EQ(a.incidents.size(), b.incidents.size());
  EXPECT_EQ(0, std::memcmp(a.samples.data(), b.samples.data(), a.samples.size() * sizeof(Sample)));
  s.seed = 2;
  const Dataset c = simulate(s);
  bool differs = false;
  for (std::size_t i = 0; i < a.samples.size() && !differs; ++i)
    differs = a.samples[i].flow_vph != c.samples[i].flow_vph;
  EXPECT_TRUE(differs);
}

TEST(Simulator, WritesStationsRegionsAndOneSampleEveryIntervalPerStation) {
  const Dataset d = simulate(one_corridor(11, 1));
  EXPECT_EQ(d.stations.size(), 11u);
  ASSERT_EQ(d.regions.size(), 2u);  // 5 + 6: a trailing single station joins the block before
  EXPECT_EQ(d.stations.back().region, 1);
  EXPECT_EQ(d.samples.size(), 11u * 2880u);
  EXPECT_LT(d.stations.front().postmile_km, d.stations.back().postmile_km);  // northbound
}

// The flow-occupancy scatter of a corridor with a recurrent lane-drop bottleneck traces the
// triangular diagram: free-flow slope v_f / L_eff, a peak near capacity at 10-15 % occupancy,
// and congested points under the congested branch w (k_jam - k).
TEST(Simulator, DetectorDataFollowTheFundamentalDiagram) {
  ScenarioConfig s = one_corridor(10, 1);
  CorridorConfig& c = s.corridors[0];
  c.lane_drop_km = 7.0;
  c.peak_demand_ratio = 1.1;
  c.ramp_spacing_km = 0.0;
  s.detectors.missing_rate = 0.0;
  s.detectors.outage_per_station_day = 0.0;
  s.detectors.stuck_per_station_day = 0.0;
  const Dataset d = simulate(s);
  const double l_eff_km = s.detectors.effective_length_m / 1000.0;

  // Five-minute averages per station, per lane.
  std::map<std::pair<int64_t, int64_t>, std::pair<double, double>> sums;  // (station, 5 min) -> flow, occ
  std::map<int64_t, int> lanes;
  for (const Station& st : d.stations) lanes[st.id] = st.lanes;
  for (const Sample& x : d.samples) {
    auto& acc = sums[{x.station_id, x.time_s / 300}];
    acc.first += x.flow_vph / lanes[x.station_id] / 10.0;
    acc.second += x.occupancy / 10.0;
  }
  std::vector<double> free_slopes;
  double peak_flow = 0.0, peak_occ = 0.0;
  int congested = 0, under_branch = 0;
  const FundamentalDiagram& fd = c.diagram;
  for (const auto& [key, v] : sums) {
    const auto [flow, occ] = v;
    if (occ > 0.01 && occ < 0.07) free_slopes.push_back(flow / occ);
    if (flow > peak_flow) peak_flow = flow, peak_occ = occ;
    if (occ > 0.25) {
      ++congested;
      if (flow <= 1.1 * fd.wave_speed_kph * (fd.jam_density() - occ / l_eff_km)) ++under_branch;
    }
  }
  std::nth_element(free_slopes.begin(), free_slopes.begin() + free_slopes.size() / 2, free_slopes.end());
  const double slope = free_slopes[free_slopes.size() / 2];
  EXPECT_NEAR(slope, fd.free_speed_kph / l_eff_km, 0.08 * fd.free_speed_kph / l_eff_km);
  EXPECT_GT(peak_flow, 1750.0);
  EXPECT_LT(peak_flow, 2250.0);
  EXPECT_GT(peak_occ, 0.08);
  EXPECT_LT(peak_occ, 0.16);
  EXPECT_GT(congested, 20);  // the bottleneck broke down
  EXPECT_GE(under_branch, 0.95 * congested);
}

// One of three lanes blocked in the morning peak: the station upstream sees the queue (occupancy
// up), the one downstream sees the starved flow (occupancy down), against the same run without it.
TEST(Simulator, IncidentRaisesUpstreamAndLowersDownstreamOccupancy) {
  ScenarioConfig base = one_corridor(10, 1);
  base.corridors[0].ramp_spacing_km = 0.0;
  ScenarioConfig with = base;
  FixedIncident inc;
  inc.position_km = 0.8 + 5.5 * 0.8;  // between stations 5 and 6
  inc.start_s = 8 * 3600.0;
  inc.duration_s = 2400.0;
  inc.lanes_blocked = 1;
  with.fixed_incidents = {inc};
  const Dataset a = simulate(with), b = simulate(base);
  ASSERT_EQ(a.incidents.size(), 1u);
  EXPECT_EQ(a.incidents[0].t_start_s, 8 * 3600);
  EXPECT_EQ(a.incidents[0].impactful, 1);
  const int64_t up = a.stations[5].id, down = a.stations[6].id;
  const double from = inc.start_s + 600.0, to = inc.start_s + inc.duration_s;
  const double up_with = mean_occupancy(a, up, from, to), up_without = mean_occupancy(b, up, from, to);
  const double down_with = mean_occupancy(a, down, from, to),
               down_without = mean_occupancy(b, down, from, to);
  EXPECT_GT(up_with, up_without + 0.15);
  EXPECT_LT(down_with, 0.8 * down_without);
  // Before the onset the two runs are the same road.
  EXPECT_DOUBLE_EQ(mean_occupancy(a, up, 0.0, inc.start_s), mean_occupancy(b, up, 0.0, inc.start_s));
}

TEST(Simulator, ANightIncidentBlockingOneLaneHasNoImpact) {
  ScenarioConfig s = one_corridor(10, 1);
  FixedIncident night;
  night.position_km = 4.4;
  night.start_s = 3 * 3600.0;
  FixedIncident full_closure = night;
  full_closure.start_s = 4 * 3600.0;
  full_closure.lanes_blocked = 3;  // every lane: even night traffic queues
  s.fixed_incidents = {night, full_closure};
  const Dataset d = simulate(s);
  ASSERT_EQ(d.incidents.size(), 2u);
  EXPECT_EQ(d.incidents[0].impactful, 0);
  EXPECT_EQ(d.incidents[1].impactful, 1);
}

TEST(Simulator, RandomIncidentsHaveHcmCapacityAndLognormalDurations) {
  ScenarioConfig s = one_corridor(10, 1);
  s.incidents.lane_blocking_per_day = 200.0;  // many, to look at their distribution
  s.incidents.shoulder_per_day = 0.0;
  fl::Rng rng = fl::make_rng(3, "test/incidents");
  const auto incidents = sample_incidents(s, 0, false, 1.0, 8.0, rng);
  ASSERT_GT(incidents.size(), 150u);
  std::vector<double> log_minutes;
  for (const CorridorIncident& inc : incidents) {
    EXPECT_GE(inc.along_km, 1.0);
    EXPECT_LT(inc.along_km, 8.0);
    EXPECT_LE(inc.end_s, 86400.0);
    if (inc.end_s < 86400.0) log_minutes.push_back(std::log((inc.end_s - inc.start_s) / 60.0));
  }
  std::sort(log_minutes.begin(), log_minutes.end());
  EXPECT_NEAR(std::exp(log_minutes[log_minutes.size() / 2]), 40.0, 8.0);  // median 40 min
  EXPECT_DOUBLE_EQ(hcm_residual_capacity(3, IncidentType::kLaneBlocking, 1), 0.49);
  EXPECT_DOUBLE_EQ(hcm_residual_capacity(2, IncidentType::kLaneBlocking, 2), 0.0);
  EXPECT_DOUBLE_EQ(hcm_residual_capacity(4, IncidentType::kShoulderAccident, 0), 0.85);
}

TEST(Simulator, RejectsAnInvalidScenarioNamingTheField) {
  ScenarioConfig s = one_corridor(10, 1);
  s.corridors[0].stations_per_region = 1;
  try {
    simulate(s);
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("corridors[0].stations_per_region"), std::string::npos);
  }
}

}  // namespace
}  // namespace fedsec::traffic
