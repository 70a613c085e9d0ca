#include "traffic/demand.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "traffic/random_draws.h"

namespace fedsec::traffic {
namespace {

double bump(double t_h, double mean_h, double sd_h) {
  const double z = (t_h - mean_h) / sd_h;
  return std::exp(-0.5 * z * z);
}

}  // namespace

double demand_shape(const DemandOptions& o, double am_weight, double pm_weight, bool weekend, double t_s) {
  const double t_h = t_s / 3600.0;
  const double peaks =
      weekend ? o.weekend_scale * bump(t_h, o.weekend_mean_h, o.weekend_sd_h)
              : am_weight * bump(t_h, o.am_mean_h, o.am_sd_h) + pm_weight * bump(t_h, o.pm_mean_h, o.pm_sd_h);
  return std::min(1.0, o.night_floor + (1.0 - o.night_floor) * peaks);
}

DemandSource::DemandSource(const DemandOptions& options, double peak_vph, double am_weight, double pm_weight,
                           bool weekend, fl::Rng& rng)
    : options_(options),
      peak_vph_(peak_vph),
      am_weight_(am_weight),
      pm_weight_(pm_weight),
      weekend_(weekend),
      day_factor_(draw_lognormal(rng, 1.0, options.day_sigma_log)),
      next_update_s_(-std::numeric_limits<double>::infinity()) {}

double DemandSource::rate(double t_s) const {
  const double shape = demand_shape(options_, am_weight_, pm_weight_, weekend_, std::max(0.0, t_s));
  return peak_vph_ * day_factor_ * shape * std::max(0.0, 1.0 + perturbation_);
}

double DemandSource::arrivals(double t_s, double dt_s, fl::Rng& rng) {
  if (t_s >= next_update_s_) {
    constexpr double kPeriod = 60.0;
    const double phi = std::exp(-kPeriod / options_.ar_correlation_s);
    perturbation_ = phi * perturbation_ + std::sqrt(1.0 - phi * phi) * options_.ar_sigma * draw_normal(rng);
    next_update_s_ = std::floor(t_s / kPeriod) * kPeriod + kPeriod;
  }
  return static_cast<double>(draw_poisson(rng, rate(t_s) * dt_s / 3600.0));
}

}  // namespace fedsec::traffic
