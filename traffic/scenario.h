#pragma once
// Configuration of the synthetic traffic network: corridors, demand, incidents and detectors.
// Defaults follow the research note (shared/research/traffic.md, section 5); every value can be
// changed. validate() throws fedsec::UsageError naming the offending field.

#include <cstdint>
#include <string>
#include <vector>

#include "traffic/dataset.h"
#include "traffic/fundamental_diagram.h"

namespace fedsec::traffic {

// Length of the simulated day; times of day are seconds in [0, kSecondsPerDay).
inline constexpr double kSecondsPerDay = 86400.0;

// One directional freeway corridor. Positions along it are measured in km from its upstream end.
struct CorridorConfig {
  std::string road = "R1";
  std::string direction = "N";
  double postmile_origin_km = 0.0;  // postmile of the upstream end
  int stations = 20;
  double station_spacing_km = 0.8;
  int lanes = 3;
  double lane_drop_km = -1.0;  // where lanes drop to lanes_after_drop; negative: no drop
  int lanes_after_drop = 2;
  double ramp_spacing_km = 2.5;  // an off-ramp then an on-ramp every so many km; 0: none
  FundamentalDiagram diagram;
  double peak_demand_ratio = 0.97;  // peak flow reaching the tightest cell / its capacity
  double am_peak_weight = 1.0;      // relative size of the weekday morning peak
  double pm_peak_weight = 0.8;      // ... and of the evening peak
  int stations_per_region = 5;
  double center_postmile_km = 0.0;  // where the road passes the city centre
};

// Time-of-day demand: floor + (1 - floor) * (am * g(t; am) + pm * g(t; pm)) on weekdays, one
// midday hump on weekends, times a lognormal day factor and a slow AR(1) perturbation.
struct DemandOptions {
  double night_floor = 0.15;
  double am_mean_h = 7.75, am_sd_h = 1.0;
  double pm_mean_h = 17.25, pm_sd_h = 1.25;
  double weekend_scale = 0.65, weekend_mean_h = 13.5, weekend_sd_h = 3.0;
  double day_sigma_log = 0.07;  // day-to-day variability per source
  double ar_sigma = 0.04;       // within-day perturbation, stationary standard deviation
  double ar_correlation_s = 1200.0;
  double onramp_share = 0.10;  // peak on-ramp demand as a share of the corridor's tightest capacity
  double offramp_split_min = 0.05, offramp_split_max = 0.15;
};

// Incidents per corridor and weekday (weekends: 70 %), start times proportional to demand,
// lognormal durations, capacity cut by the HCM 2010 Exhibit 10-17 residual-capacity factors.
struct IncidentOptions {
  double lane_blocking_per_day = 1.0;
  double shoulder_per_day = 3.0;
  double two_lane_share = 0.17;          // of lane-blocking incidents
  double shoulder_accident_share = 0.5;  // of shoulder incidents, the rest are disablements
  double shoulder_median_min = 15.0;
  double blocking_median_min = 40.0;
  double duration_sigma_log = 0.7;
  double max_duration_min = 180.0;
  double impact_min_s = 120.0;  // an incident is impactful once its blockage binds this long
};

// An incident placed by hand (tests, what-if runs), in addition to the random ones.
struct FixedIncident {
  int corridor = 0;
  int day = 0;
  double position_km = 0.0;  // from the corridor's upstream end
  double start_s = 0.0;      // seconds after midnight
  double duration_s = 1800.0;
  IncidentType type = IncidentType::kLaneBlocking;
  int lanes_blocked = 1;
};

// Loop detectors: Poisson counts, multiplicative occupancy noise with 60 Hz quantisation, dual-loop
// speeds with additive noise, and faults (missing samples, outages, stuck values).
struct DetectorOptions {
  double effective_length_m = 6.0;  // vehicle + loop length
  double occupancy_noise = 0.04;
  double speed_noise_kph = 2.5;
  double missing_rate = 0.02;
  double outage_per_station_day = 0.01;
  double outage_min_h = 1.0, outage_max_h = 8.0;
  double stuck_per_station_day = 0.005;
  double stuck_min_h = 0.5, stuck_max_h = 3.0;
};

struct ScenarioConfig {
  uint64_t seed = 1;
  std::vector<CorridorConfig> corridors;
  int days = 10;
  int first_weekday = 0;  // 0 = Monday; days 5 and 6 of each week are the weekend
  double dt_s = 5.0;
  double cell_length_km = 0.2;
  int detector_interval_s = 30;
  double warmup_s = 1800.0;          // simulated before each midnight, not recorded
  double capacity_drop = 0.08;       // of congested cells (Treiber & Helbing: 5-30 %)
  double cell_heterogeneity = 0.04;  // +- share on each cell's capacity and free-flow speed
  DemandOptions demand;
  IncidentOptions incidents;
  DetectorOptions detectors;
  std::vector<FixedIncident> fixed_incidents;

  void validate() const;
};

// Two roads, both directions each: an urban road (4 lanes, dense ramps, a lane drop, slower, near
// the centre) and a suburban one (3 lanes, sparse ramps, faster), 16 km each, 4 regions per
// direction (16 network-lasso nodes); 2 lane-blocking incidents per corridor and weekday.
ScenarioConfig default_scenario();

}  // namespace fedsec::traffic
