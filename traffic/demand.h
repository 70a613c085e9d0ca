#pragma once
// Stochastic travel demand of one source (the upstream end or an on-ramp) over one day: a
// time-of-day shape (research note 5.4) times a lognormal day factor times a slow AR(1)
// perturbation updated once a simulated minute; vehicles arrive as a Poisson process at that rate.

#include "fl/rng.h"
#include "traffic/scenario.h"

namespace fedsec::traffic {

// Deterministic shape in [0, 1]: night_floor plus weighted Gaussian peaks (weekday: morning and
// evening; weekend: one midday hump of weekend_scale). t_s is seconds after midnight.
double demand_shape(const DemandOptions& options, double am_weight, double pm_weight, bool weekend,
                    double t_s);

class DemandSource {
 public:
  // Draws the day factor from rng; peak_vph is the demand at shape 1.
  DemandSource(const DemandOptions& options, double peak_vph, double am_weight, double pm_weight,
               bool weekend, fl::Rng& rng);

  // Vehicles arriving during [t_s, t_s + dt_s): Poisson at the current rate. Call once per step,
  // in time order; the perturbation moves on whenever a new minute starts.
  double arrivals(double t_s, double dt_s, fl::Rng& rng);

  // Expected demand (veh/h) at t_s with the current perturbation.
  double rate(double t_s) const;

 private:
  DemandOptions options_;
  double peak_vph_, am_weight_, pm_weight_;
  bool weekend_;
  double day_factor_;
  double perturbation_ = 0.0;
  double next_update_s_;
};

}  // namespace fedsec::traffic
