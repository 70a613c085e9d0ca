#include "privacy/pld_composition.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <utility>

#include "privacy/pld_fft.h"

namespace fedsec::privacy {
namespace {

// exp(x) is zero in double precision below this.
constexpr double kLogTiny = -746;

// z^n by repeated squaring (relative error about n times the unit round-off). Once |z| < 1e-145
// the rest of the product is below 1e-290 and is returned as 0, which keeps denormals out.
std::complex<double> power(std::complex<double> z, std::int64_t n) {
  std::complex<double> result = 1.0;
  for (;;) {
    if (n & 1) result = complex_multiply(result, z);
    n >>= 1;
    if (n == 0) return result;
    if (std::norm(z) < 1e-290) return 0.0;
    z = complex_multiply(z, z);
  }
}

struct Window {
  std::int64_t first, last;  // offsets from the sum of the terms' lowest indices
  bool truncated;
};

// log sum_j p_j e^(lambda j) for lambda per grid step, given log p_j (-infinity for p_j = 0).
double log_mgf(const std::vector<double>& log_probs, double lambda) {
  double peak = -std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < log_probs.size(); ++j) peak = std::max(peak, log_probs[j] + lambda * double(j));
  if (peak == -std::numeric_limits<double>::infinity()) return peak;
  double sum = 0;
  for (std::size_t j = 0; j < log_probs.size(); ++j) {
    const double exponent = log_probs[j] + lambda * double(j) - peak;
    if (exponent > kLogTiny) sum += std::exp(exponent);  // skipping exp's slow underflow path
  }
  return peak + std::log(sum);
}

Window chernoff_window(const std::vector<PldTerm>& terms, double tail_mass) {
  std::int64_t full = 0;
  for (const PldTerm& t : terms) full += t.count * std::int64_t(t.pmf->probs.size() - 1);
  Window w{0, full, false};
  if (tail_mass <= 0) return w;
  // The composed standard deviation (in grid steps) sets the scale of the useful orders: a Gaussian
  // tail of tail_mass/2 is cut best near lambda0 = sqrt(2 log(2/tail_mass)) / sd. The orders tried
  // span lambda0 / 64 .. 8 lambda0, wide enough for the skewed tails of subsampled mechanisms.
  std::vector<std::vector<double>> log_probs;
  double variance = 0;
  for (const PldTerm& t : terms) {
    const std::vector<double>& p = t.pmf->probs;
    double mass = 0, mean = 0, second = 0;
    for (std::size_t j = 0; j < p.size(); ++j) {
      mass += p[j];
      mean += p[j] * double(j);
      second += p[j] * double(j) * double(j);
    }
    if (mass > 0) variance += double(t.count) * std::max(0.0, second / mass - (mean / mass) * (mean / mass));
    log_probs.emplace_back(p.size());
    std::transform(p.begin(), p.end(), log_probs.back().begin(), [](double x) { return std::log(x); });
  }
  if (!(variance > 0)) return w;
  const double log_two_over_tail = std::log(2 / tail_mass);
  const double lambda0 = std::sqrt(2 * log_two_over_tail / variance);
  for (int k = -6; k <= 3; ++k) {
    for (double lambda : {std::ldexp(lambda0, k), -std::ldexp(lambda0, k)}) {
      double total = 0;
      for (std::size_t i = 0; i < terms.size(); ++i)
        total += double(terms[i].count) * log_mgf(log_probs[i], lambda);
      const double bound = (total + log_two_over_tail) / lambda;
      if (!std::isfinite(bound)) continue;
      if (lambda > 0 && bound < double(w.last))
        w.last = std::max<std::int64_t>(0, std::int64_t(std::ceil(bound)));
      if (lambda < 0 && bound > double(w.first))
        w.first = std::min<std::int64_t>(full, std::int64_t(std::floor(bound)));
    }
  }
  w.last = std::max(w.last, w.first);
  w.truncated = w.first > 0 || w.last < full;
  return w;
}

}  // namespace

std::optional<PldPmf> compose(const std::vector<PldTerm>& terms, double tail_mass, std::int64_t max_points) {
  const Window w = chernoff_window(terms, tail_mass);
  if (w.last - w.first + 1 > max_points) return std::nullopt;
  std::size_t length = 2;
  std::size_t needed = std::size_t(w.last - w.first + 1);
  for (const PldTerm& t : terms) needed = std::max(needed, t.pmf->probs.size());
  while (length < needed) length <<= 1;

  // Multiply the terms' DFTs, each raised to its count.
  const RealFft fft(length);
  std::vector<std::complex<double>> product;
  std::int64_t lowest = 0;
  double log_no_infinity = 0;  // log P(no term reaches +infinity)
  for (const PldTerm& t : terms) {
    std::vector<std::complex<double>> spectrum = fft.forward(t.pmf->probs);
    for (auto& x : spectrum) x = power(x, t.count);
    if (product.empty()) {
      product = std::move(spectrum);
    } else {
      for (std::size_t k = 0; k < product.size(); ++k) product[k] = complex_multiply(product[k], spectrum[k]);
    }
    lowest += t.count * t.pmf->lower;
    log_no_infinity += double(t.count) * std::log1p(-t.pmf->infinity_mass);
  }
  const std::vector<double> result = fft.inverse(std::move(product));

  // The cyclic result holds offset r at index r mod length; read the window back in order.
  PldPmf out;
  out.lower = lowest + w.first;
  out.probs.resize(std::size_t(w.last - w.first + 1));
  std::size_t index = std::size_t(w.first) % length;
  for (double& p : out.probs) {
    p = std::max(0.0, result[index]);
    if (++index == length) index = 0;
  }
  out.infinity_mass = std::min(1.0, -std::expm1(log_no_infinity) + (w.truncated ? tail_mass : 0.0));
  return out;
}

double pld_epsilon(const PldPmf& pmf, double interval, double delta) {
  if (pmf.infinity_mass > delta) return std::numeric_limits<double>::infinity();
  // Walk down from the largest loss. With points k.. included, delta(eps) = upper - e^eps * lower_mass
  // on [loss_{k-1}, loss_k], where lower_mass = sum p_j e^-loss_j is kept as scaled = lower_mass * e^loss_k.
  double upper = pmf.infinity_mass, scaled = 0;
  const double step_factor = std::exp(-interval);
  for (std::size_t k = pmf.probs.size(); k-- > 0;) {
    const double loss = double(pmf.lower + std::int64_t(k)) * interval;
    if (loss <= 0) break;
    upper += pmf.probs[k];
    scaled = scaled * step_factor + pmf.probs[k];
    if (upper <= delta) continue;
    if (scaled == 0) return loss;
    const double floor_eps = k == 0 ? 0.0 : std::max(0.0, loss - interval);
    // delta(floor_eps) <= delta means the answer lies at or below floor_eps: keep walking.
    if (upper - std::exp(floor_eps - loss) * scaled <= delta) continue;
    return std::max(0.0, std::log((upper - delta) / scaled) + loss);
  }
  return 0;
}

}  // namespace fedsec::privacy
