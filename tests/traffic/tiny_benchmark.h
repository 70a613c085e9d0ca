#pragma once
// A benchmark config that runs in about a second: one road, both directions, 2 regions each;
// 3 days: to train, to validate, to test.

#include "traffic/benchmark_config.h"

namespace fedsec::traffic {

inline BenchmarkConfig tiny_benchmark_config() {
  BenchmarkConfig c;
  c.seed = 3;
  CorridorConfig north;
  north.stations = 8;
  north.am_peak_weight = 1.0;
  CorridorConfig south = north;
  south.direction = "S";
  south.postmile_origin_km = 7.2;
  c.scenario.corridors = {north, south};
  c.scenario.days = 3;
  c.scenario.incidents.lane_blocking_per_day = 6.0;
  c.train_days = 1;
  c.validation_days = 1;
  c.test_days = 1;
  c.rff_dim = 20;
  c.max_train_per_region = 100;
  c.min_train_share = 1.0;  // equal samples per region: the consensus end is the pooled model
  c.admm.eps_abs = 1e-8;
  c.admm.eps_rel = 0.0;
  c.admm.max_iterations = 5000;
  c.path.start = 3e-2;
  c.path.factor = 4.0;
  return c;
}

}  // namespace fedsec::traffic
