#include "traffic/simulator.h"

#include <algorithm>
#include <cmath>

#include "fl/rng.h"
#include "traffic/corridor_layout.h"
#include "traffic/ctm.h"
#include "traffic/demand.h"
#include "traffic/detectors.h"
#include "traffic/incidents.h"

namespace fedsec::traffic {
namespace {

int64_t station_id(int corridor, int station) { return 1000 * static_cast<int64_t>(corridor + 1) + station; }

double postmile(const CorridorConfig& c, double along_km) {
  return postmile_decreases(c.direction) ? c.postmile_origin_km - along_km : c.postmile_origin_km + along_km;
}

// Stations and regions of one corridor; a last block shorter than 2 stations joins the one before.
void add_network_tables(const ScenarioConfig& scenario, int corridor_index, const CorridorLayout& layout,
                        Dataset& out) {
  const CorridorConfig& cfg = scenario.corridors[corridor_index];
  const CtmCorridor& ctm = layout.ctm;
  const int per_region = cfg.stations_per_region;
  int blocks = std::max(1, cfg.stations / per_region);
  if (cfg.stations - blocks * per_region >= 2) ++blocks;
  const int first_region = static_cast<int>(out.regions.size());
  for (int b = 0; b < blocks; ++b) {
    const int s0 = b * per_region;
    const int s1 = b + 1 == blocks ? cfg.stations : s0 + per_region;  // one past the last station
    const double half = 0.5 * cfg.station_spacing_km;
    const double from = layout.station_along_km[s0] - half, to = layout.station_along_km[s1 - 1] + half;
    Region region;
    region.id = first_region + b;
    region.road = cfg.road;
    region.direction = cfg.direction;
    int lanes_sum = 0;
    for (int s = s0; s < s1; ++s) lanes_sum += ctm.lanes[layout.station_cells[s]];
    region.lanes = static_cast<double>(lanes_sum) / (s1 - s0);
    int ramps = 0;
    for (const Ramp& r : ctm.ramps) {
      const double x = r.boundary * ctm.cell_length_km;
      if (x >= from && x < to) ++ramps;
    }
    region.ramps_per_km = ramps / (to - from);
    const int c0 = std::max(0, static_cast<int>(from / ctm.cell_length_km));
    const int c1 = std::min(ctm.cells() - 1, static_cast<int>(to / ctm.cell_length_km));
    region.lane_drop = ctm.lanes[c0] != ctm.lanes[c1];
    region.center_distance_km = std::abs(postmile(cfg, 0.5 * (from + to)) - cfg.center_postmile_km);
    out.regions.push_back(region);
    for (int s = s0; s < s1; ++s) {
      Station st;
      st.id = station_id(corridor_index, s);
      st.road = cfg.road;
      st.direction = cfg.direction;
      st.postmile_km = postmile(cfg, layout.station_along_km[s]);
      st.lanes = ctm.lanes[layout.station_cells[s]];
      st.region = region.id;
      out.stations.push_back(st);
    }
  }
}

std::vector<CorridorIncident> incidents_of_day(const ScenarioConfig& scenario, int corridor, int day,
                                               bool weekend, const CorridorLayout& layout) {
  fl::Rng rng = fl::make_rng(scenario.seed, "traffic/incidents", day, corridor);
  auto incidents = sample_incidents(scenario, corridor, weekend, layout.station_along_km.front(),
                                    layout.station_along_km.back(), rng);
  for (const FixedIncident& f : scenario.fixed_incidents) {
    if (f.corridor != corridor || f.day != day) continue;
    CorridorIncident inc;
    inc.along_km = f.position_km;
    inc.start_s = f.start_s;
    inc.end_s = std::min(kSecondsPerDay, f.start_s + f.duration_s);
    inc.type = f.type;
    inc.lanes_blocked = f.type == IncidentType::kLaneBlocking ? f.lanes_blocked : 0;
    incidents.push_back(inc);
  }
  return incidents;
}

void simulate_corridor_day(const ScenarioConfig& scenario, int corridor, int day,
                           const CorridorLayout& layout, Dataset& out) {
  const CorridorConfig& cfg = scenario.corridors[corridor];
  const CtmCorridor& ctm = layout.ctm;
  const bool weekend = (scenario.first_weekday + day) % 7 >= 5;
  const double dt = scenario.dt_s;
  const double day_start = day * kSecondsPerDay;

  const auto incidents = incidents_of_day(scenario, corridor, day, weekend, layout);
  const std::size_t first_record = out.incidents.size();
  for (const CorridorIncident& inc : incidents) {
    Incident rec;
    rec.id = static_cast<int64_t>(out.incidents.size()) + 1;
    rec.road = cfg.road;
    rec.direction = cfg.direction;
    rec.postmile_km = postmile(cfg, inc.along_km);
    rec.t_start_s = static_cast<int64_t>(day_start + inc.start_s);
    rec.t_end_s = static_cast<int64_t>(day_start + inc.end_s);
    rec.lanes_blocked = inc.lanes_blocked;
    rec.type = inc.type;
    out.incidents.push_back(rec);
  }

  fl::Rng demand_rng = fl::make_rng(scenario.seed, "traffic/demand", day, corridor);
  DemandSource origin(scenario.demand, layout.origin_peak_vph, cfg.am_peak_weight, cfg.pm_peak_weight,
                      weekend, demand_rng);
  std::vector<DemandSource> ramps;  // one per ramp to keep indices aligned; off-ramps' are unused
  for (std::size_t r = 0; r < ctm.ramps.size(); ++r)
    ramps.emplace_back(scenario.demand, layout.onramp_peak_vph, cfg.am_peak_weight, cfg.pm_peak_weight,
                       weekend, demand_rng);

  fl::Rng detector_rng = fl::make_rng(scenario.seed, "traffic/detectors", day, corridor);
  std::vector<StationDetector> detectors;
  for (int cell : layout.station_cells)
    detectors.emplace_back(scenario.detectors, ctm.lanes[cell], ctm.free_speed[cell],
                           scenario.detector_interval_s, detector_rng);

  // Seconds during which each incident's blockage bound: the cell upstream wanted to send more
  // than the incident cell's residual capacity let in.
  std::vector<double> binding_s(incidents.size(), 0.0);
  CtmState state = CtmState::empty(ctm);
  CtmInputs inputs;
  inputs.ramp_arrivals.assign(ctm.ramps.size(), 0.0);
  inputs.split_ratio.assign(ctm.ramps.size(), 0.0);
  inputs.capacity_factor.assign(ctm.cells(), 1.0);
  auto step = [&](double t) {
    inputs.origin_arrivals = origin.arrivals(t, dt, demand_rng);
    const double tod = 1.0 + 0.1 * std::sin(2.0 * M_PI * (std::max(0.0, t) / kSecondsPerDay - 0.25));
    for (std::size_t r = 0; r < ctm.ramps.size(); ++r) {
      const bool on = ctm.ramps[r].kind == Ramp::Kind::kOn;
      inputs.ramp_arrivals[r] = on ? ramps[r].arrivals(t, dt, demand_rng) : 0.0;
      inputs.split_ratio[r] = on ? 0.0 : std::min(0.95, layout.offramp_split[r] * tod);
    }
    std::fill(inputs.capacity_factor.begin(), inputs.capacity_factor.end(), 1.0);
    for (const CorridorIncident& inc : incidents) {
      if (t < inc.start_s || t >= inc.end_s) continue;
      const int cell = std::min(ctm.cells() - 1, static_cast<int>(inc.along_km / ctm.cell_length_km));
      inputs.capacity_factor[cell] *= hcm_residual_capacity(ctm.lanes[cell], inc.type, inc.lanes_blocked);
    }
    ctm_step(ctm, inputs, dt, state);
    for (std::size_t i = 0; i < incidents.size(); ++i) {
      const CorridorIncident& inc = incidents[i];
      const int cell = std::min(ctm.cells() - 1, static_cast<int>(inc.along_km / ctm.cell_length_km));
      const double residual = ctm.capacity[cell] * inputs.capacity_factor[cell];
      if (t >= inc.start_s && t < inc.end_s && cell > 0 && state.receive[cell] >= residual - 1e-9 &&
          state.send[cell - 1] > residual + 1e-9)
        binding_s[i] += dt;
    }
  };

  const long warmup_steps = std::lround(scenario.warmup_s / dt);
  for (long i = warmup_steps; i > 0; --i) step(-i * dt);

  const int per_interval = static_cast<int>(std::lround(scenario.detector_interval_s / dt));
  const int intervals = static_cast<int>(kSecondsPerDay / scenario.detector_interval_s);
  const std::size_t n_stations = layout.station_cells.size();
  std::vector<double> density_sum(n_stations), flow_sum(n_stations);
  for (int k = 0; k < intervals; ++k) {
    const double t0 = static_cast<double>(k) * scenario.detector_interval_s;
    std::fill(density_sum.begin(), density_sum.end(), 0.0);
    std::fill(flow_sum.begin(), flow_sum.end(), 0.0);
    for (int i = 0; i < per_interval; ++i) {
      step(t0 + i * dt);
      for (std::size_t s = 0; s < n_stations; ++s) {
        density_sum[s] += state.density[layout.station_cells[s]];
        flow_sum[s] += state.outflow[layout.station_cells[s]];
      }
    }
    for (std::size_t s = 0; s < n_stations; ++s) {
      Sample sample =
          detectors[s].measure(t0, density_sum[s] / per_interval, flow_sum[s] / per_interval, detector_rng);
      sample.time_s = static_cast<int64_t>(day_start + t0);
      sample.station_id = station_id(corridor, static_cast<int>(s));
      out.samples.push_back(sample);
    }
  }
  for (std::size_t i = 0; i < incidents.size(); ++i)
    out.incidents[first_record + i].impactful = binding_s[i] >= scenario.incidents.impact_min_s ? 1 : 0;
}

}  // namespace

Dataset simulate(const ScenarioConfig& scenario) {
  scenario.validate();
  Dataset out;
  out.interval_s = scenario.detector_interval_s;
  std::vector<CorridorLayout> layouts;
  for (int c = 0; c < static_cast<int>(scenario.corridors.size()); ++c) {
    layouts.push_back(build_corridor_layout(scenario, c));
    layouts.back().ctm.validate(scenario.dt_s);
    add_network_tables(scenario, c, layouts.back(), out);
  }
  const std::size_t per_day =
      out.stations.size() * static_cast<std::size_t>(kSecondsPerDay / scenario.detector_interval_s);
  out.samples.reserve(per_day * scenario.days);
  for (int day = 0; day < scenario.days; ++day)
    for (int c = 0; c < static_cast<int>(scenario.corridors.size()); ++c)
      simulate_corridor_day(scenario, c, day, layouts[c], out);
  return out;
}

}  // namespace fedsec::traffic
