#include "traffic/corridor_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "fl/rng.h"

namespace fedsec::traffic {

CorridorLayout build_corridor_layout(const ScenarioConfig& scenario, int corridor_index) {
  const CorridorConfig& cfg = scenario.corridors[corridor_index];
  const double dx = scenario.cell_length_km;
  const double margin = cfg.station_spacing_km;
  const double length = 2.0 * margin + (cfg.stations - 1) * cfg.station_spacing_km;
  const int cells = static_cast<int>(std::lround(length / dx));

  CorridorLayout out;
  CtmCorridor& ctm = out.ctm;
  ctm.cell_length_km = dx;
  ctm.capacity_drop = scenario.capacity_drop;
  fl::Rng rng = fl::make_rng(scenario.seed, "traffic/cells", corridor_index);
  const double h = scenario.cell_heterogeneity;
  for (int c = 0; c < cells; ++c) {
    const bool dropped = cfg.lane_drop_km >= 0.0 && c * dx >= cfg.lane_drop_km;
    const int lanes = dropped ? cfg.lanes_after_drop : cfg.lanes;
    const double capacity_scale = 1.0 + h * (2.0 * fl::uniform_unit(rng) - 1.0);
    const double speed_scale = 1.0 + h * (2.0 * fl::uniform_unit(rng) - 1.0);
    ctm.lanes.push_back(lanes);
    ctm.free_speed.push_back(cfg.diagram.free_speed_kph * speed_scale);
    ctm.capacity.push_back(lanes * cfg.diagram.capacity_vphpl * capacity_scale);
    ctm.jam_density.push_back(lanes * cfg.diagram.jam_density());
  }

  for (int s = 0; s < cfg.stations; ++s) {
    const double x = margin + s * cfg.station_spacing_km;
    out.station_along_km.push_back(x);
    out.station_cells.push_back(std::min(cells - 1, static_cast<int>(x / dx)));
  }

  const double split_min = scenario.demand.offramp_split_min, split_max = scenario.demand.offramp_split_max;
  if (cfg.ramp_spacing_km > 0.0) {
    for (double x = margin + 0.5 * cfg.ramp_spacing_km; x < length - margin; x += cfg.ramp_spacing_km) {
      const int off = static_cast<int>(std::lround(x / dx));
      if (off + 2 >= cells) break;
      Ramp off_ramp;
      off_ramp.kind = Ramp::Kind::kOff;
      off_ramp.boundary = off;
      ctm.ramps.push_back(off_ramp);
      out.offramp_split.push_back(split_min + (split_max - split_min) * fl::uniform_unit(rng));
      Ramp on_ramp;
      on_ramp.kind = Ramp::Kind::kOn;
      on_ramp.boundary = off + 2;
      on_ramp.capacity_vph = cfg.diagram.capacity_vphpl;
      ctm.ramps.push_back(on_ramp);
      out.offramp_split.push_back(0.0);
    }
  }

  // Free-flow flow entering cell c is a * origin + b (on-ramps at their peak); pick the origin
  // demand so that the tightest cell sees peak_demand_ratio of its capacity.
  const double tightest = *std::min_element(ctm.capacity.begin(), ctm.capacity.end());
  out.onramp_peak_vph = scenario.demand.onramp_share * tightest;
  std::vector<int> ramp_at(cells, -1);
  for (std::size_t r = 0; r < ctm.ramps.size(); ++r) ramp_at[ctm.ramps[r].boundary] = static_cast<int>(r);
  double a = 1.0, b = 0.0, origin = std::numeric_limits<double>::infinity();
  for (int c = 0; c < cells; ++c) {
    const int r = ramp_at[c];
    if (r >= 0 && ctm.ramps[r].kind == Ramp::Kind::kOff) {
      a *= 1.0 - out.offramp_split[r];
      b *= 1.0 - out.offramp_split[r];
    } else if (r >= 0) {
      b += out.onramp_peak_vph;
    }
    origin = std::min(origin, (cfg.peak_demand_ratio * ctm.capacity[c] - b) / a);
  }
  out.origin_peak_vph = std::max(0.1 * ctm.capacity[0], origin);
  return out;
}

}  // namespace fedsec::traffic
