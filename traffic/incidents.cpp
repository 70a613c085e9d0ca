#include "traffic/incidents.h"

#include <algorithm>

#include "traffic/demand.h"
#include "traffic/random_draws.h"

namespace fedsec::traffic {
namespace {

// HCM 2010 Exhibit 10-17, rows: 2..8 lanes; columns: shoulder disablement, shoulder accident,
// one, two, three lanes blocked (-1: not applicable, i.e. every lane blocked).
constexpr double kResidual[7][5] = {{0.95, 0.81, 0.35, 0.00, -1.0}, {0.99, 0.83, 0.49, 0.17, 0.00},
                                    {0.99, 0.85, 0.58, 0.25, 0.13}, {0.99, 0.87, 0.65, 0.40, 0.20},
                                    {0.99, 0.89, 0.71, 0.50, 0.26}, {0.99, 0.91, 0.75, 0.57, 0.36},
                                    {0.99, 0.93, 0.78, 0.63, 0.41}};

}  // namespace

double hcm_residual_capacity(int lanes, IncidentType type, int lanes_blocked) {
  const int row = std::clamp(lanes, 2, 8) - 2;
  switch (type) {
    case IncidentType::kShoulderDisablement:
      return kResidual[row][0];
    case IncidentType::kShoulderAccident:
      return kResidual[row][1];
    case IncidentType::kLaneBlocking:
      break;
  }
  if (lanes_blocked >= lanes) return 0.0;
  const double share = kResidual[row][1 + std::clamp(lanes_blocked, 1, 3)];
  return std::max(0.0, share);
}

std::vector<CorridorIncident> sample_incidents(const ScenarioConfig& scenario, int corridor_index,
                                               bool weekend, double from_km, double to_km, fl::Rng& rng) {
  const IncidentOptions& o = scenario.incidents;
  const CorridorConfig& corridor = scenario.corridors[corridor_index];
  const double scale = weekend ? 0.7 : 1.0;
  auto draw_start = [&] {
    // Rejection sampling against the demand shape, whose maximum is at most 1.
    while (true) {
      const double t = kSecondsPerDay * fl::uniform_unit(rng);
      if (fl::uniform_unit(rng) <=
          demand_shape(scenario.demand, corridor.am_peak_weight, corridor.pm_peak_weight, weekend, t))
        return t;
    }
  };
  std::vector<CorridorIncident> out;
  auto add = [&](IncidentType type, int lanes_blocked, double median_min) {
    CorridorIncident inc;
    inc.type = type;
    inc.lanes_blocked = lanes_blocked;
    inc.along_km = from_km + (to_km - from_km) * fl::uniform_unit(rng);
    inc.start_s = draw_start();
    const double minutes =
        std::min(o.max_duration_min, draw_lognormal(rng, median_min, o.duration_sigma_log));
    inc.end_s = std::min(kSecondsPerDay, inc.start_s + 60.0 * minutes);
    out.push_back(inc);
  };
  const long blocking = draw_poisson(rng, scale * o.lane_blocking_per_day);
  for (long i = 0; i < blocking; ++i) {
    const int lanes = fl::uniform_unit(rng) < o.two_lane_share ? 2 : 1;
    add(IncidentType::kLaneBlocking, lanes, o.blocking_median_min);
  }
  const long shoulder = draw_poisson(rng, scale * o.shoulder_per_day);
  for (long i = 0; i < shoulder; ++i) {
    const bool accident = fl::uniform_unit(rng) < o.shoulder_accident_share;
    add(accident ? IncidentType::kShoulderAccident : IncidentType::kShoulderDisablement, 0,
        o.shoulder_median_min);
  }
  std::sort(out.begin(), out.end(),
            [](const CorridorIncident& a, const CorridorIncident& b) { return a.start_s < b.start_s; });
  return out;
}

}  // namespace fedsec::traffic
