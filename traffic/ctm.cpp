#include "traffic/ctm.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "fl/errors.h"

namespace fedsec::traffic {
namespace {

// The middle value of three (Daganzo's merge rule picks mid{S, R - S_other, p R}).
double median3(double a, double b, double c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); }

}  // namespace

double CtmCorridor::wave_speed(int c) const {
  return capacity[c] / (jam_density[c] - capacity[c] / free_speed[c]);
}

void CtmCorridor::validate(double dt_s) const {
  const auto n = lanes.size();
  if (n < 2) throw UsageError("traffic: a corridor needs at least 2 cells");
  if (free_speed.size() != n || capacity.size() != n || jam_density.size() != n)
    throw UsageError("traffic: per-cell arrays of the corridor differ in length");
  if (!(cell_length_km > 0.0) || !(dt_s > 0.0)) throw UsageError("traffic: cell length and dt must be > 0");
  for (std::size_t c = 0; c < n; ++c) {
    if (lanes[c] < 1 || !(capacity[c] > 0.0) || !(jam_density[c] > capacity[c] / free_speed[c]))
      throw UsageError("traffic: cell " + std::to_string(c) + " has an invalid fundamental diagram");
    const double dt_h = dt_s / 3600.0;
    if (free_speed[c] * dt_h > cell_length_km || wave_speed(static_cast<int>(c)) * dt_h > cell_length_km)
      throw UsageError("traffic: CFL condition violated in cell " + std::to_string(c) + ": v_f * dt = " +
                       std::to_string(free_speed[c] * dt_h) + " km exceeds the cell length " +
                       std::to_string(cell_length_km) + " km; use a shorter dt or longer cells");
  }
  std::vector<bool> used(n, false);
  for (const Ramp& r : ramps) {
    if (r.boundary < 1 || r.boundary >= static_cast<int>(n))
      throw UsageError("traffic: ramp boundary " + std::to_string(r.boundary) + " outside the corridor");
    if (used[r.boundary]) throw UsageError("traffic: two ramps at boundary " + std::to_string(r.boundary));
    used[r.boundary] = true;
  }
}

CtmState CtmState::empty(const CtmCorridor& corridor) {
  CtmState s;
  s.density.assign(corridor.cells(), 0.0);
  s.outflow.assign(corridor.cells(), 0.0);
  s.ramp_queue.assign(corridor.ramps.size(), 0.0);
  return s;
}

double CtmState::vehicles_in_cells(double cell_length_km) const {
  return std::accumulate(density.begin(), density.end(), 0.0) * cell_length_km;
}

double CtmState::vehicles_queued() const {
  return origin_queue + std::accumulate(ramp_queue.begin(), ramp_queue.end(), 0.0);
}

void ctm_step(const CtmCorridor& corridor, const CtmInputs& inputs, double dt_s, CtmState& state) {
  const int n = corridor.cells();
  const double dt_h = dt_s / 3600.0;
  const double dx = corridor.cell_length_km;

  // Arrivals join the queues first; they can enter in this same step.
  state.origin_queue += inputs.origin_arrivals;
  state.entered += inputs.origin_arrivals;
  for (std::size_t r = 0; r < corridor.ramps.size(); ++r) {
    if (corridor.ramps[r].kind != Ramp::Kind::kOn) continue;
    state.ramp_queue[r] += inputs.ramp_arrivals[r];
    state.entered += inputs.ramp_arrivals[r];
  }

  // Sending (demand) and receiving (supply) of each cell.
  std::vector<double>& send = state.send;
  std::vector<double>& receive = state.receive;
  send.resize(n);
  receive.resize(n);
  for (int c = 0; c < n; ++c) {
    const double q = corridor.capacity[c] * inputs.capacity_factor[c];
    const double k = state.density[c];
    const double critical = corridor.capacity[c] / corridor.free_speed[c];
    const double discharge = k > critical ? (1.0 - corridor.capacity_drop) * q : q;
    send[c] = std::min(corridor.free_speed[c] * k, discharge);
    receive[c] = std::min(q, corridor.wave_speed(c) * (corridor.jam_density[c] - k));
  }

  // Flows across boundaries: into_cell[c] is mainline + ramp flow entering c; out_of_cell[c] all
  // flow leaving c (mainline and off-ramp together).
  std::vector<double>& into_cell = state.inflow;
  std::vector<double>& out_of_cell = state.outflow;
  into_cell.assign(n, 0.0);
  out_of_cell.assign(n, 0.0);
  std::vector<int>& ramp_at = state.ramp_at;
  ramp_at.assign(n, -1);
  for (std::size_t r = 0; r < corridor.ramps.size(); ++r)
    ramp_at[corridor.ramps[r].boundary] = static_cast<int>(r);

  const double origin_flow = std::min(state.origin_queue / dt_h, receive[0]);
  into_cell[0] = origin_flow;
  state.origin_queue -= origin_flow * dt_h;
  double off_ramp_flow = 0.0;
  for (int b = 1; b < n; ++b) {
    const int r = ramp_at[b];
    if (r < 0) {
      const double f = std::min(send[b - 1], receive[b]);
      out_of_cell[b - 1] = f;
      into_cell[b] = f;
    } else if (corridor.ramps[r].kind == Ramp::Kind::kOff) {
      // FIFO diverge: if the mainline cannot take its share, the off-ramp flow is held back too.
      const double beta = inputs.split_ratio[r];
      double total = send[b - 1];
      if (beta < 1.0) total = std::min(total, receive[b] / (1.0 - beta));
      out_of_cell[b - 1] = total;
      into_cell[b] = (1.0 - beta) * total;
      off_ramp_flow += beta * total;
    } else {
      const Ramp& ramp = corridor.ramps[r];
      const double s_main = send[b - 1];
      const double s_ramp = std::min(state.ramp_queue[r] / dt_h, ramp.capacity_vph);
      const double supply = receive[b];
      double f_main = s_main, f_ramp = s_ramp;
      if (s_main + s_ramp > supply) {
        const double p = ramp.merge_priority;
        f_main = median3(s_main, supply - s_ramp, (1.0 - p) * supply);
        f_ramp = median3(s_ramp, supply - s_main, p * supply);
      }
      out_of_cell[b - 1] = f_main;
      into_cell[b] = f_main + f_ramp;
      state.ramp_queue[r] -= f_ramp * dt_h;
    }
  }
  out_of_cell[n - 1] = send[n - 1];

  for (int c = 0; c < n; ++c) {
    state.density[c] += dt_h / dx * (into_cell[c] - out_of_cell[c]);
    if (state.density[c] < 0.0) state.density[c] = 0.0;  // only rounding can make it negative
  }
  state.exited += (out_of_cell[n - 1] + off_ramp_flow) * dt_h;
}

}  // namespace fedsec::traffic
