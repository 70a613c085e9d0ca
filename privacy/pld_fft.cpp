#include "privacy/pld_fft.h"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace fedsec::privacy {
namespace {

constexpr double kPi = 3.14159265358979323846;

}  // namespace

RealFft::RealFft(std::size_t n) : n_(n) {
  if (n < 2 || (n & (n - 1)) != 0) throw std::invalid_argument("RealFft: size must be a power of two >= 2");
  twiddle_.resize(n / 2);
  for (std::size_t k = 0; k < twiddle_.size(); ++k) {
    const double angle = -2 * kPi * double(k) / double(n);
    twiddle_[k] = {std::cos(angle), std::sin(angle)};
  }
}

std::vector<std::complex<double>> RealFft::forward(const std::vector<double>& input) const {
  if (input.size() > n_) throw std::invalid_argument("RealFft: input longer than the transform");
  const std::size_t m = n_ / 2;
  // Pack z_j = x_2j + i x_2j+1 and transform; then split Z into the transforms of the even (E) and
  // odd (O) samples and combine: X_k = E_k + w^k O_k with w = exp(-2 pi i / n). Entries k and m-k
  // are computed together, in place.
  std::vector<std::complex<double>> z(m + 1);
  for (std::size_t j = 0; j < input.size(); j += 2)
    z[j / 2] = {input[j], j + 1 < input.size() ? input[j + 1] : 0.0};
  z.pop_back();
  complex_transform(z, false);
  z.push_back(z[0]);
  auto combine = [&](std::complex<double> a, std::complex<double> b_conj, std::size_t k) {
    const std::complex<double> even = 0.5 * (a + b_conj);
    const std::complex<double> odd = std::complex<double>(0, -0.5) * (a - b_conj);
    return even + complex_multiply(k < m ? twiddle_[k] : std::complex<double>(-1, 0), odd);
  };
  for (std::size_t k = 0; k <= m / 2; ++k) {
    const std::complex<double> zk = z[k], zmk = z[m - k];
    z[k] = combine(zk, std::conj(zmk), k);
    z[m - k] = combine(zmk, std::conj(zk), m - k);
  }
  return z;
}

std::vector<double> RealFft::inverse(std::vector<std::complex<double>> spectrum) const {
  const std::size_t m = n_ / 2;
  if (spectrum.size() != m + 1) throw std::invalid_argument("RealFft: spectrum must hold n/2 + 1 values");
  // Invert the split, in place: E_k = (X_k + conj X_{m-k}) / 2, O_k = (X_k - conj X_{m-k}) / (2 w^k),
  // Z_k = E_k + i O_k.
  auto split = [&](std::complex<double> a, std::complex<double> b_conj, std::size_t k) {
    const std::complex<double> even = 0.5 * (a + b_conj);
    const std::complex<double> odd = complex_multiply(0.5 * (a - b_conj), std::conj(twiddle_[k]));
    return even + std::complex<double>(-odd.imag(), odd.real());
  };
  for (std::size_t k = 0; k <= m / 2; ++k) {
    const std::complex<double> xk = spectrum[k], xmk = spectrum[m - k];
    spectrum[k] = split(xk, std::conj(xmk), k);
    if (k > 0 && m - k != k) spectrum[m - k] = split(xmk, std::conj(xk), m - k);
  }
  spectrum.pop_back();
  complex_transform(spectrum, true);
  std::vector<double> out(n_);
  for (std::size_t j = 0; j < m; ++j) {
    out[2 * j] = spectrum[j].real();
    out[2 * j + 1] = spectrum[j].imag();
  }
  return out;
}

void RealFft::complex_transform(std::vector<std::complex<double>>& data, bool inverse) const {
  const std::size_t m = data.size();
  for (std::size_t i = 1, j = 0; i < m; ++i) {  // bit-reversal permutation
    std::size_t bit = m >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(data[i], data[j]);
  }
  // The butterflies work on the interleaved (re, im) doubles, which the standard allows for
  // std::complex arrays; going through std::complex temporaries made GCC spill to the stack.
  double* const x = reinterpret_cast<double*>(data.data());
  const double sign = inverse ? -1.0 : 1.0;
  std::vector<double> stage(m);  // this stage's twiddles, gathered contiguously as (re, im) pairs
  for (std::size_t len = 2; len <= m; len <<= 1) {
    const std::size_t half = len / 2, stride = n_ / len;  // exp(-2 pi i k / len) = twiddle_[k * n / len]
    for (std::size_t k = 0; k < half; ++k) {
      stage[2 * k] = twiddle_[k * stride].real();
      stage[2 * k + 1] = sign * twiddle_[k * stride].imag();
    }
    for (std::size_t start = 0; start < m; start += len) {
      double* const a = x + 2 * start;
      double* const b = x + 2 * (start + half);
      for (std::size_t k = 0; k < half; ++k) {
        const double wr = stage[2 * k], wi = stage[2 * k + 1];
        const double vr = b[2 * k] * wr - b[2 * k + 1] * wi;
        const double vi = b[2 * k] * wi + b[2 * k + 1] * wr;
        const double ur = a[2 * k], ui = a[2 * k + 1];
        a[2 * k] = ur + vr;
        a[2 * k + 1] = ui + vi;
        b[2 * k] = ur - vr;
        b[2 * k + 1] = ui - vi;
      }
    }
  }
  if (inverse)
    for (auto& v : data) v /= double(m);
}

}  // namespace fedsec::privacy
