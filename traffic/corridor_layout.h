#pragma once
// Turns a CorridorConfig into CTM cells, ramps and detector positions, and computes the peak
// demands that load the corridor's tightest cell to peak_demand_ratio of its capacity.

#include <cstdint>
#include <vector>

#include "traffic/ctm.h"
#include "traffic/scenario.h"

namespace fedsec::traffic {

struct CorridorLayout {
  CtmCorridor ctm;
  std::vector<int> station_cells;        // the cell each station measures
  std::vector<double> station_along_km;  // position of each station from the upstream end
  std::vector<double> offramp_split;     // mean split ratio per ramp (0 for on-ramps)
  double origin_peak_vph = 0.0;          // peak demand at the upstream end
  double onramp_peak_vph = 0.0;          // peak demand at each on-ramp
};

// Cells of scenario.cell_length_km; one station spacing of road before the first station and after
// the last; an off-ramp every ramp_spacing_km with its on-ramp two cells further; per-cell capacity
// and free-flow speed varied by +-cell_heterogeneity (seeded by corridor index).
CorridorLayout build_corridor_layout(const ScenarioConfig& scenario, int corridor_index);

}  // namespace fedsec::traffic
