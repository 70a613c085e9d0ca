#pragma once
// The synthetic traffic network (research note 5.1): corridors simulated by the cell transmission
// model under stochastic demand and random incidents, observed by noisy, faulty loop detectors.
// Every random stream is keyed by (seed, purpose, day, corridor), so the same config gives the
// same dataset on any machine, and a run without incidents is the exact counterfactual of a run
// with them up to the incident onset.

#include "traffic/dataset.h"
#include "traffic/scenario.h"

namespace fedsec::traffic {

// Simulates every corridor for scenario.days days, each day from an empty road after
// scenario.warmup_s seconds of warm-up, and returns stations, regions (blocks of
// stations_per_region consecutive stations), detector samples every detector_interval_s, and the
// incidents with their true onset and clearance times. Throws UsageError for an invalid config.
Dataset simulate(const ScenarioConfig& scenario);

}  // namespace fedsec::traffic
