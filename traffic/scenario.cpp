#include "traffic/scenario.h"

#include <string>

#include "fl/errors.h"

namespace fedsec::traffic {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw UsageError("traffic scenario: " + what);
}

CorridorConfig make_corridor(const std::string& road, const std::string& direction, bool urban,
                             bool inbound) {
  CorridorConfig c;
  c.road = road;
  c.direction = direction;
  c.stations = 20;
  c.station_spacing_km = 0.8;
  const double length = (c.stations + 1) * c.station_spacing_km;
  c.postmile_origin_km = postmile_decreases(direction) ? length : 0.0;
  c.lanes = urban ? 4 : 3;
  c.lane_drop_km = urban ? 11.0 : -1.0;
  c.lanes_after_drop = c.lanes - 1;
  c.ramp_spacing_km = urban ? 1.6 : 3.2;
  c.diagram.free_speed_kph = urban ? 98.0 : 110.0;
  c.diagram.capacity_vphpl = urban ? 1950.0 : 2050.0;
  c.peak_demand_ratio = urban ? 1.0 : 0.93;
  c.am_peak_weight = inbound ? 1.0 : 0.75;
  c.pm_peak_weight = inbound ? 0.75 : 1.0;
  c.stations_per_region = 5;
  c.center_postmile_km = urban ? 4.0 : 14.0;
  return c;
}

}  // namespace

void ScenarioConfig::validate() const {
  require(!corridors.empty(), "corridors must not be empty");
  require(days >= 1, "days must be >= 1");
  require(first_weekday >= 0 && first_weekday < 7, "first_weekday must be in 0..6");
  require(dt_s > 0.0 && cell_length_km > 0.0, "dt_s and cell_length_km must be > 0");
  require(
      detector_interval_s > 0 && static_cast<int>(detector_interval_s / dt_s) * dt_s == detector_interval_s,
      "detector_interval_s must be a positive multiple of dt_s");
  require(warmup_s >= 0.0, "warmup_s must be >= 0");
  require(capacity_drop >= 0.0 && capacity_drop < 1.0, "capacity_drop must be in [0, 1)");
  require(cell_heterogeneity >= 0.0 && cell_heterogeneity < 0.5, "cell_heterogeneity must be in [0, 0.5)");
  for (std::size_t i = 0; i < corridors.size(); ++i) {
    const CorridorConfig& c = corridors[i];
    const std::string at = "corridors[" + std::to_string(i) + "].";
    c.diagram.validate();
    require(c.direction == "N" || c.direction == "S" || c.direction == "E" || c.direction == "W",
            at + "direction must be N, S, E or W");
    require(c.stations >= 2, at + "stations must be >= 2");
    require(c.station_spacing_km >= 2.0 * cell_length_km, at + "station_spacing_km must be >= 2 cells");
    require(c.lanes >= 1 && c.lanes_after_drop >= 1 && c.lanes_after_drop <= c.lanes,
            at + "lanes must be >= lanes_after_drop >= 1");
    require(c.ramp_spacing_km == 0.0 || c.ramp_spacing_km >= 4.0 * cell_length_km,
            at + "ramp_spacing_km must be 0 or at least 4 cells");
    require(c.peak_demand_ratio > 0.0, at + "peak_demand_ratio must be > 0");
    require(c.am_peak_weight >= 0.0 && c.pm_peak_weight >= 0.0, at + "peak weights must be >= 0");
    require(c.stations_per_region >= 2, at + "stations_per_region must be >= 2");
  }
  require(demand.night_floor > 0.0 && demand.night_floor <= 1.0, "demand.night_floor must be in (0, 1]");
  require(demand.am_sd_h > 0.0 && demand.pm_sd_h > 0.0 && demand.weekend_sd_h > 0.0,
          "demand peak widths must be > 0");
  require(demand.ar_correlation_s > 0.0, "demand.ar_correlation_s must be > 0");
  require(demand.offramp_split_min >= 0.0 && demand.offramp_split_max < 1.0 &&
              demand.offramp_split_min <= demand.offramp_split_max,
          "demand off-ramp splits must satisfy 0 <= min <= max < 1");
  require(incidents.lane_blocking_per_day >= 0.0 && incidents.shoulder_per_day >= 0.0,
          "incident rates must be >= 0");
  require(incidents.two_lane_share >= 0.0 && incidents.two_lane_share <= 1.0 &&
              incidents.shoulder_accident_share >= 0.0 && incidents.shoulder_accident_share <= 1.0,
          "incident shares must be in [0, 1]");
  require(incidents.shoulder_median_min > 0.0 && incidents.blocking_median_min > 0.0 &&
              incidents.max_duration_min > 0.0,
          "incident durations must be > 0");
  require(incidents.impact_min_s >= 0.0, "incidents.impact_min_s must be >= 0");
  require(detectors.effective_length_m > 0.0, "detectors.effective_length_m must be > 0");
  require(detectors.missing_rate >= 0.0 && detectors.missing_rate < 1.0,
          "detectors.missing_rate must be in [0, 1)");
  require(detectors.outage_min_h > 0.0 && detectors.outage_min_h <= detectors.outage_max_h &&
              detectors.stuck_min_h > 0.0 && detectors.stuck_min_h <= detectors.stuck_max_h,
          "detector fault durations must satisfy 0 < min <= max");
  for (std::size_t i = 0; i < fixed_incidents.size(); ++i) {
    const FixedIncident& f = fixed_incidents[i];
    const std::string at = "fixed_incidents[" + std::to_string(i) + "].";
    require(f.corridor >= 0 && f.corridor < static_cast<int>(corridors.size()), at + "corridor out of range");
    require(f.day >= 0 && f.day < days, at + "day out of range");
    require(f.start_s >= 0.0 && f.start_s < kSecondsPerDay && f.duration_s > 0.0,
            at + "start_s/duration_s out of range");
    require(f.type != IncidentType::kLaneBlocking || f.lanes_blocked >= 1,
            at + "a lane-blocking incident blocks at least one lane");
  }
}

ScenarioConfig default_scenario() {
  ScenarioConfig s;
  s.corridors = {make_corridor("U1", "N", true, true), make_corridor("U1", "S", true, false),
                 make_corridor("S2", "E", false, true), make_corridor("S2", "W", false, false)};
  s.incidents.lane_blocking_per_day = 2.0;  // enough positives for a 2-day test split
  return s;
}

}  // namespace fedsec::traffic
