#pragma once
// Gaussian noise for DP mechanisms, from one of two sources:
//   seeded: the vectorized sampler of privacy/normal_sampler.h, seeded by one draw from the
//           caller's stream (fl/rng.h); the same config and seed give bit-identical noise on every
//           machine, which is what simulations need;
//   secure: OpenSSL's RAND_bytes (its CTR-DRBG, seeded by the operating system), for real
//           deployments. Not reproducible by design. Each value is the sum of four independent
//           Box-Muller normals, halved (same variance), as Opacus' secure mode does after Holohan
//           and Braghin (2021, section 5.1), to blunt attacks on the low-order bits of floating-point
//           Gaussian samples (Mironov, CCS 2012); a float32 result still has float32 granularity.

#include "fl/tensor.h"

#include <string>

#include "fl/rng.h"

namespace fedsec::privacy {

enum class NoiseSource { Seeded, Secure };

// "seeded" or "secure"; throws fedsec::UsageError otherwise.
NoiseSource parse_noise_source(const std::string& name);

// Adds independent N(0, stddev^2) noise to every entry of a contiguous float32 tensor. `rng` is read only by
// the seeded source. Throws std::runtime_error if OpenSSL cannot supply random bytes.
void add_gaussian_noise(torch::Tensor& values, double stddev, NoiseSource source, fl::Rng& rng);

}  // namespace fedsec::privacy
