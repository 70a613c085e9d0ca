#include "traffic/ctm.h"

#include <gtest/gtest.h>

#include <cmath>

#include "fl/errors.h"
#include "fl/rng.h"
#include "traffic/fundamental_diagram.h"

namespace fedsec::traffic {
namespace {

CtmCorridor uniform_corridor(int cells, int lanes, const FundamentalDiagram& fd) {
  CtmCorridor c;
  c.cell_length_km = 0.2;
  c.lanes.assign(cells, lanes);
  c.free_speed.assign(cells, fd.free_speed_kph);
  c.capacity.assign(cells, lanes * fd.capacity_vphpl);
  c.jam_density.assign(cells, lanes * fd.jam_density());
  return c;
}

CtmInputs quiet_inputs(const CtmCorridor& c) {
  CtmInputs in;
  in.ramp_arrivals.assign(c.ramps.size(), 0.0);
  in.split_ratio.assign(c.ramps.size(), 0.0);
  in.capacity_factor.assign(c.cells(), 1.0);
  return in;
}

TEST(FundamentalDiagram, DefaultsGiveTheResearchNoteValues) {
  FundamentalDiagram fd;
  EXPECT_NEAR(fd.critical_density(), 19.05, 0.01);
  EXPECT_NEAR(fd.jam_density(), 130.16, 0.01);
  EXPECT_DOUBLE_EQ(fd.flow(fd.critical_density()), 2000.0);
  EXPECT_NEAR(fd.flow(fd.jam_density()), 0.0, 1e-9);
}

TEST(Ctm, ConservesVehiclesWithRampsIncidentsAndCapacityDrop) {
  FundamentalDiagram fd;
  CtmCorridor c = uniform_corridor(40, 3, fd);
  c.capacity_drop = 0.1;
  c.ramps = {{Ramp::Kind::kOff, 8, 0.0, 0.0},
             {Ramp::Kind::kOn, 10, 1800.0, 0.3},
             {Ramp::Kind::kOff, 25, 0.0, 0.0},
             {Ramp::Kind::kOn, 27, 1800.0, 0.3}};
  c.validate(5.0);
  CtmState s = CtmState::empty(c);
  CtmInputs in = quiet_inputs(c);
  fl::Rng rng = fl::make_rng(7, "test/ctm");
  for (int step = 0; step < 3000; ++step) {
    in.origin_arrivals = 12.0 * fl::uniform_unit(rng);  // up to 8640 veh/h: more than the road takes
    in.ramp_arrivals = {0.0, 3.0 * fl::uniform_unit(rng), 0.0, 3.0 * fl::uniform_unit(rng)};
    in.split_ratio = {0.2 * fl::uniform_unit(rng), 0.0, 0.1, 0.0};
    for (double& f : in.capacity_factor) f = 1.0;
    if (step > 500 && step < 1500) in.capacity_factor[30] = 0.17;  // two of three lanes blocked
    ctm_step(c, in, 5.0, s);
    const double total = s.vehicles_in_cells(c.cell_length_km) + s.vehicles_queued() + s.exited;
    ASSERT_NEAR(total, s.entered, 1e-9 * s.entered + 1e-9) << "step " << step;
    for (int k = 0; k < c.cells(); ++k) ASSERT_LE(s.density[k], c.jam_density[k] + 1e-9);
  }
  EXPECT_GT(s.origin_queue, 0.0);  // the demand exceeded capacity, so vehicles waited upstream
}

// A lane blockage cuts capacity to q_b; the queue behind it is on the congested branch with flow
// q_b, and its tail is a shock whose speed is given by Rankine-Hugoniot: (q_u - q_b)/(k_u - k_b).
TEST(Ctm, QueueTailMovesUpstreamAtTheShockSpeed) {
  FundamentalDiagram fd;
  const int lanes = 3, cells = 120, incident_cell = 110;
  CtmCorridor c = uniform_corridor(cells, lanes, fd);
  const double dt = 5.0, demand = 4000.0, residual = 0.49;
  CtmState s = CtmState::empty(c);
  CtmInputs in = quiet_inputs(c);
  in.origin_arrivals = demand * dt / 3600.0;
  for (int step = 0; step < 400; ++step) ctm_step(c, in, dt, s);  // reach free-flow steady state

  const double q_b = residual * lanes * fd.capacity_vphpl;
  const double k_u = demand / fd.free_speed_kph;
  const double k_b = lanes * fd.jam_density() - q_b / fd.wave_speed_kph;
  const double predicted = (demand - q_b) / (k_u - k_b);  // km/h, negative: upstream
  const double midpoint = 0.5 * (k_u + k_b);
  auto tail_km = [&] {
    int c0 = incident_cell;
    while (c0 > 0 && s.density[c0 - 1] > midpoint) --c0;
    return c0 * c.cell_length_km;
  };
  in.capacity_factor[incident_cell] = residual;
  const int steps_10min = 120;
  for (int step = 0; step < steps_10min; ++step) ctm_step(c, in, dt, s);
  const double x0 = tail_km();
  for (int step = 0; step < 3 * steps_10min; ++step) ctm_step(c, in, dt, s);
  const double x1 = tail_km();
  const double measured = (x1 - x0) / 0.5;  // km over 30 minutes
  EXPECT_LT(predicted, -5.0);
  EXPECT_NEAR(measured, predicted, 0.08 * std::abs(predicted));
  EXPECT_NEAR(s.outflow[incident_cell], q_b, 1e-6 * q_b);  // the blockage discharges at residual capacity
}

TEST(Ctm, RejectsAStepThatBreaksTheCflCondition) {
  CtmCorridor c = uniform_corridor(10, 3, FundamentalDiagram{});
  EXPECT_NO_THROW(c.validate(5.0));
  EXPECT_THROW(c.validate(10.0), UsageError);
}

TEST(Ctm, RejectsTwoRampsAtOneBoundary) {
  CtmCorridor c = uniform_corridor(10, 3, FundamentalDiagram{});
  c.ramps = {{Ramp::Kind::kOff, 4, 0.0, 0.0}, {Ramp::Kind::kOn, 4, 1800.0, 0.3}};
  EXPECT_THROW(c.validate(5.0), UsageError);
}

}  // namespace
}  // namespace fedsec::traffic
