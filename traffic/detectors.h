#pragma once
// Loop-detector measurement model of one station over one day (research note 5.6): Poisson
// vehicle counts, occupancy = density per lane x effective vehicle length with multiplicative noise
// and 60 Hz quantisation, dual-loop speed with additive noise (none when nothing passed), and
// faults: samples missing at random, outages (missing for hours) and stuck detectors (the last
// reading repeated while still marked observed, as real stuck loops are).

#include "fl/rng.h"
#include "traffic/dataset.h"
#include "traffic/scenario.h"

namespace fedsec::traffic {

class StationDetector {
 public:
  // Draws the day's outage and stuck windows from rng.
  StationDetector(const DetectorOptions& options, int lanes, double free_speed_kph, int interval_s,
                  fl::Rng& rng);

  // The reading for the interval starting t_s seconds after midnight, given the true mean
  // density (veh/km, all lanes) and flow (veh/h) over it. Fills flow, occupancy, speed, observed.
  Sample measure(double t_s, double density, double flow, fl::Rng& rng);

 private:
  DetectorOptions options_;
  int lanes_;
  double free_speed_kph_;
  double interval_h_;
  double outage_start_ = -1.0, outage_end_ = -1.0;
  double stuck_start_ = -1.0, stuck_end_ = -1.0;
  Sample last_;
};

}  // namespace fedsec::traffic
