#include "privacy/gaussian_noise.h"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "fl/errors.h"
#include "privacy/normal_sampler.h"

namespace fedsec::privacy {
namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;

// Uniform doubles in (0, 1] from 53-bit integers drawn with RAND_bytes.
void secure_uniforms(std::vector<double>& out) {
  std::vector<uint64_t> words(out.size());
  if (RAND_bytes(reinterpret_cast<unsigned char*>(words.data()), static_cast<int>(words.size() * 8)) != 1)
    throw std::runtime_error("OpenSSL RAND_bytes failed: " + std::to_string(ERR_get_error()));
  for (size_t i = 0; i < out.size(); ++i) out[i] = (static_cast<double>(words[i] >> 11) + 1.0) * 0x1.0p-53;
}

void add_secure_noise(torch::Tensor& values, double stddev) {
  auto flat = values.view({-1});
  float* data = flat.data_ptr<float>();
  const int64_t n = flat.numel();
  constexpr int64_t kBlock = 1 << 14;  // values per RAND_bytes call
  std::vector<double> u;
  for (int64_t start = 0; start < n; start += kBlock) {
    const int64_t count = std::min(kBlock, n - start);
    u.resize(static_cast<size_t>(count) * 4);  // four normals per value, from two Box-Muller pairs
    secure_uniforms(u);
    for (int64_t i = 0; i < count; ++i) {
      const double* p = &u[static_cast<size_t>(i) * 4];
      const double r1 = std::sqrt(-2.0 * std::log(p[0])), r2 = std::sqrt(-2.0 * std::log(p[2]));
      const double sum = r1 * (std::cos(kTwoPi * p[1]) + std::sin(kTwoPi * p[1])) +
                         r2 * (std::cos(kTwoPi * p[3]) + std::sin(kTwoPi * p[3]));
      data[start + i] += static_cast<float>(stddev * 0.5 * sum);
    }
  }
}

}  // namespace

NoiseSource parse_noise_source(const std::string& name) {
  if (name == "seeded") return NoiseSource::Seeded;
  if (name == "secure") return NoiseSource::Secure;
  throw UsageError("noise source '" + name + "': expected seeded or secure");
}

void add_gaussian_noise(torch::Tensor& values, double stddev, NoiseSource source, fl::Rng& rng) {
  if (stddev == 0) return;
  TORCH_CHECK(values.is_contiguous() && values.scalar_type() == torch::kFloat32,
              "Gaussian noise needs a contiguous float32 tensor");
  if (source == NoiseSource::Secure) {
    add_secure_noise(values, stddev);
    return;
  }
  add_scaled_normals(values.data_ptr<float>(), values.numel(), static_cast<float>(stddev), rng());
}

}  // namespace fedsec::privacy
