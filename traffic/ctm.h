#pragma once
// Cell transmission model of one directional freeway corridor (Daganzo, Transp. Res. B 28(4),
// 1994, and 29(2), 1995 for merges and diverges): a Godunov discretisation of the LWR model with
// a triangular fundamental diagram per cell, on- and off-ramps, a vertical queue at the upstream
// end and at each on-ramp, and an optional capacity drop of congested cells.
//
// Units: km, hours for speeds and flows (km/h, veh/h), vehicles per km for densities (all lanes of
// a cell together), seconds for the time step.

#include <vector>

namespace fedsec::traffic {

// A ramp at the boundary between cell `boundary - 1` and cell `boundary` (1 <= boundary < cells).
// An off-ramp diverges a share of the flow leaving cell boundary-1; an on-ramp merges into cell
// `boundary` with the given priority share of its supply when the merge is congested.
struct Ramp {
  enum class Kind { kOn, kOff };
  Kind kind = Kind::kOn;
  int boundary = 1;
  double capacity_vph = 2000.0;  // on-ramp only: most it can send
  double merge_priority = 0.25;  // on-ramp only: its share of a congested merge (Daganzo 1995)
};

// Static geometry and per-cell parameters. Cells are numbered upstream to downstream.
struct CtmCorridor {
  double cell_length_km = 0.2;
  std::vector<int> lanes;           // lanes per cell
  std::vector<double> free_speed;   // v_f per cell, km/h
  std::vector<double> capacity;     // Q per cell (all lanes), veh/h
  std::vector<double> jam_density;  // K per cell (all lanes), veh/km
  std::vector<Ramp> ramps;          // at most one ramp per boundary
  double capacity_drop = 0.0;       // gamma: a cell above critical density sends at most (1 - gamma) Q

  int cells() const { return static_cast<int>(lanes.size()); }
  // Backward wave speed of cell c, w = Q / (K - Q / v_f), so that the diagram is a triangle.
  double wave_speed(int c) const;
  // Throws UsageError when the arrays disagree, a ramp is misplaced, or v_f dt > dx (the CFL
  // condition without which vehicles would jump over a cell in one step).
  void validate(double dt_s) const;
};

// What enters the corridor during one step and the conditions of that step.
struct CtmInputs {
  double origin_arrivals = 0.0;         // vehicles joining the upstream queue
  std::vector<double> ramp_arrivals;    // per ramp: vehicles joining an on-ramp queue (off: ignored)
  std::vector<double> split_ratio;      // per ramp: share of the flow taking an off-ramp (on: ignored)
  std::vector<double> capacity_factor;  // per cell: 1 nominal, below 1 during an incident
};

// The evolving state. Vehicles are conserved exactly:
// entered == vehicles_on_corridor() + queues + exited, up to rounding.
struct CtmState {
  std::vector<double> density;     // veh/km per cell
  std::vector<double> outflow;     // veh/h that left each cell in the last step (incl. off-ramp)
  double origin_queue = 0.0;       // vehicles waiting to enter cell 0
  std::vector<double> ramp_queue;  // vehicles waiting at each on-ramp
  double entered = 0.0;            // all vehicles that ever arrived
  double exited = 0.0;             // all vehicles that left downstream or by an off-ramp
  // Sending and receiving flows (veh/h) of each cell in the last step, incident capacity included.
  std::vector<double> send, receive;
  // Scratch space of ctm_step, kept here so that a step allocates nothing.
  std::vector<double> inflow;
  std::vector<int> ramp_at;

  // An empty corridor with empty queues.
  static CtmState empty(const CtmCorridor& corridor);
  double vehicles_in_cells(double cell_length_km) const;
  double vehicles_queued() const;
};

// Advances the state by one step of dt_s seconds. Sending and receiving functions per cell,
// FIFO diverges and Daganzo's priority merges; the last cell discharges freely.
void ctm_step(const CtmCorridor& corridor, const CtmInputs& inputs, double dt_s, CtmState& state);

}  // namespace fedsec::traffic
