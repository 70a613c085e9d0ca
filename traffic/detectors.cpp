#include "traffic/detectors.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "traffic/random_draws.h"

namespace fedsec::traffic {
namespace {

constexpr double kQuantum = 1.0 / 1800.0;  // 30 s at 60 Hz

void draw_window(fl::Rng& rng, double probability, double min_h, double max_h, double& start, double& end) {
  if (fl::uniform_unit(rng) >= probability) return;
  start = kSecondsPerDay * fl::uniform_unit(rng);
  end = start + 3600.0 * (min_h + (max_h - min_h) * fl::uniform_unit(rng));
}

}  // namespace

StationDetector::StationDetector(const DetectorOptions& options, int lanes, double free_speed_kph,
                                 int interval_s, fl::Rng& rng)
    : options_(options), lanes_(lanes), free_speed_kph_(free_speed_kph), interval_h_(interval_s / 3600.0) {
  draw_window(rng, options.outage_per_station_day, options.outage_min_h, options.outage_max_h, outage_start_,
              outage_end_);
  draw_window(rng, options.stuck_per_station_day, options.stuck_min_h, options.stuck_max_h, stuck_start_,
              stuck_end_);
}

Sample StationDetector::measure(double t_s, double density, double flow, fl::Rng& rng) {
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  const bool missing = fl::uniform_unit(rng) < options_.missing_rate;
  const long count = draw_poisson(rng, flow * interval_h_);
  const double occupancy_noise = 1.0 + options_.occupancy_noise * draw_normal(rng);
  const double speed_noise = options_.speed_noise_kph * draw_normal(rng);

  const bool in_outage = t_s >= outage_start_ && t_s < outage_end_;
  if (missing || in_outage) return Sample{0, 0, kNaN, kNaN, kNaN, false};
  if (t_s > stuck_start_ && t_s < stuck_end_) return last_;

  Sample s;
  s.flow_vph = static_cast<float>(count / interval_h_);
  const double occupancy = density / lanes_ * options_.effective_length_m / 1000.0 * occupancy_noise;
  s.occupancy = static_cast<float>(std::clamp(std::round(occupancy / kQuantum) * kQuantum, 0.0, 1.0));
  if (count == 0) {
    s.speed_kph = kNaN;
  } else {
    const double speed = density > 1e-6 ? std::min(free_speed_kph_, flow / density) : free_speed_kph_;
    s.speed_kph = static_cast<float>(std::max(1.0, speed + speed_noise));
  }
  s.observed = true;
  last_ = s;
  return s;
}

}  // namespace fedsec::traffic
