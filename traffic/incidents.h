#pragma once
// Incidents of the synthetic network: how much capacity they leave (HCM 2010, Exhibit 10-17) and
// where, when and for how long they happen (research note 5.5).

#include <vector>

#include "fl/rng.h"
#include "traffic/dataset.h"
#include "traffic/scenario.h"

namespace fedsec::traffic {

// Share of a directional segment's capacity that remains during an incident, from HCM 2010
// Exhibit 10-17 (e.g. 0.49 for one of three lanes blocked). Lanes are clamped to 2..8; blocking
// every lane leaves 0.
double hcm_residual_capacity(int lanes, IncidentType type, int lanes_blocked);

// One incident on one corridor and day, in corridor coordinates.
struct CorridorIncident {
  double along_km = 0.0;  // from the corridor's upstream end
  double start_s = 0.0;   // seconds after midnight
  double end_s = 0.0;
  IncidentType type = IncidentType::kLaneBlocking;
  int lanes_blocked = 0;
};

// Random incidents for one corridor-day: Poisson counts at the configured rates (70 % on weekends),
// start times with density proportional to the demand shape (a proxy for vehicle-km travelled),
// positions uniform in [from_km, to_km), lognormal durations capped at max_duration_min and at
// midnight. Sorted by start time.
std::vector<CorridorIncident> sample_incidents(const ScenarioConfig& scenario, int corridor_index,
                                               bool weekend, double from_km, double to_km, fl::Rng& rng);

}  // namespace fedsec::traffic
