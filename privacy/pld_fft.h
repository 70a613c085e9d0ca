#pragma once
// Fast Fourier transform of real sequences, used by the PLD accountant to compose distributions.

#include <complex>
#include <cstddef>
#include <vector>

namespace fedsec::privacy {

// a * b, written out: std::complex's operator* checks for NaN and infinity through a slow library
// call, which dominated the PLD composition.
inline std::complex<double> complex_multiply(std::complex<double> a, std::complex<double> b) {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

// Transforms of real sequences of one power-of-two length n >= 2, through one complex radix-2 FFT
// of length n/2 (even samples packed as real parts, odd ones as imaginary parts). Twiddle factors are
// computed directly, not by recurrence, so round-off stays near machine precision times log2(n).
class RealFft {
 public:
  // Throws std::invalid_argument unless n is a power of two >= 2.
  explicit RealFft(std::size_t n);

  // X_k = sum_j x_j exp(-2 pi i k j / n) for k = 0 .. n/2 (the rest follows by conjugate symmetry),
  // where x is `input` zero-padded to n. Throws std::invalid_argument if input is longer than n.
  std::vector<std::complex<double>> forward(const std::vector<double>& input) const;

  // The real sequence x_j = (1/n) sum_k X_k exp(2 pi i k j / n), given X_0 .. X_{n/2} of a
  // conjugate-symmetric spectrum. Throws std::invalid_argument unless spectrum.size() == n/2 + 1.
  std::vector<double> inverse(std::vector<std::complex<double>> spectrum) const;

 private:
  // In-place complex FFT of length n/2 (conjugate kernel and 1/(n/2) scaling when inverse).
  void complex_transform(std::vector<std::complex<double>>& data, bool inverse) const;

  std::size_t n_;
  std::vector<std::complex<double>> twiddle_;  // exp(-2 pi i k / n), k < n/2
};

}  // namespace fedsec::privacy
