#pragma once
// The triangular fundamental diagram of the cell transmission model (Daganzo, "The cell
// transmission model", Transp. Res. B 28(4), 1994): flow rises at the free-flow speed up to
// capacity at the critical density, then falls at the backward wave speed to zero at jam density.

namespace fedsec::traffic {

// Per-lane triangular diagram; the three primary parameters fix the rest.
struct FundamentalDiagram {
  double free_speed_kph = 105.0;   // v_f
  double capacity_vphpl = 2000.0;  // Q per lane
  double wave_speed_kph = 18.0;    // w, the speed at which queues grow upstream (a positive number)

  // k_cr = Q / v_f, in veh/km/lane (about 19 with the defaults).
  double critical_density() const { return capacity_vphpl / free_speed_kph; }
  // k_jam = k_cr + Q / w, in veh/km/lane (about 130 with the defaults).
  double jam_density() const { return critical_density() + capacity_vphpl / wave_speed_kph; }
  // Equilibrium flow per lane at density k (veh/km/lane): min(v_f k, w (k_jam - k)), clipped at 0.
  double flow(double density) const;

  // Throws UsageError naming the parameter when a value is not positive.
  void validate() const;
};

}  // namespace fedsec::traffic
