#include "privacy/normal_sampler.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

// The sixteen generator lanes are processed as 16 / W vectors of W lanes (GCC/Clang vector
// extensions): W = 16 for AVX-512, 8 for AVX2 and 4 for the baseline (SSE2 on x86-64), each the
// width of one register, so that comparisons stay vector operations. The arithmetic is the same
// element-by-element IEEE float arithmetic for every W. The polynomials for log, sin and cos are
// Cephes' single-precision minimax fits (Moshier, "Methods and Programs for Mathematical
// Functions", 1989).

namespace fedsec::privacy {
namespace {

// Every helper is inlined into the entry points below, so that each is compiled whole for its own
// instruction set.
#define FEDSEC_INLINE [[gnu::always_inline]] inline

constexpr int kLanes = 16;          // generator lanes
constexpr int kBlock = 2 * kLanes;  // values per block: a cosine and a sine per lane

// W-lane vector types. GCC ignores a vector_size that depends on a template parameter, so each
// width is spelled out.
template <int W>
struct Vectors;
#define FEDSEC_DEFINE_VECTORS(W)                                \
  template <>                                                   \
  struct Vectors<W> {                                           \
    using Floats = float __attribute__((vector_size(4 * W)));   \
    using Ints = int32_t __attribute__((vector_size(4 * W)));   \
    using Words = uint32_t __attribute__((vector_size(4 * W))); \
  };
FEDSEC_DEFINE_VECTORS(4)
FEDSEC_DEFINE_VECTORS(8)
FEDSEC_DEFINE_VECTORS(16)
#undef FEDSEC_DEFINE_VECTORS

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Sixteen independent xoshiro128++ generators, one per lane, held as 16 / W vectors of W lanes.
template <int W>
struct Xoshiro128pp {
  using Words = typename Vectors<W>::Words;
  static constexpr int kParts = kLanes / W;
  Words s0[kParts], s1[kParts], s2[kParts], s3[kParts];

  explicit Xoshiro128pp(uint64_t seed) {
    for (int j = 0; j < kLanes; ++j) {
      const uint64_t a = splitmix64(seed), b = splitmix64(seed);
      s0[j / W][j % W] = static_cast<uint32_t>(a);
      s1[j / W][j % W] = static_cast<uint32_t>(a >> 32);
      s2[j / W][j % W] = static_cast<uint32_t>(b);
      s3[j / W][j % W] = static_cast<uint32_t>(b >> 32);
    }
  }

  FEDSEC_INLINE static Words rotl(Words x, int k) { return (x << k) | (x >> (32 - k)); }

  // The next output of the lanes of part p (lanes p W .. p W + W - 1).
  FEDSEC_INLINE Words next(int p) {
    const Words result = rotl(s0[p] + s3[p], 7) + s0[p];
    const Words t = s1[p] << 9;
    s2[p] ^= s0[p];
    s3[p] ^= s1[p];
    s1[p] ^= s2[p];
    s0[p] ^= s3[p];
    s2[p] ^= t;
    s3[p] = rotl(s3[p], 11);
    return result;
  }
};

template <int W>
FEDSEC_INLINE typename Vectors<W>::Floats to_floats(typename Vectors<W>::Ints v) {
  return __builtin_convertvector(v, typename Vectors<W>::Floats);
}

// mask lanes are all ones or all zeros: mask ? a : b.
template <class Floats, class Ints>
FEDSEC_INLINE Floats select(Ints mask, Floats a, Floats b) {
  return (Floats)((mask & (Ints)a) | (~mask & (Ints)b));
}

// Natural log for x in [2^-24, 1] (normal, positive): x = m 2^e with m in [sqrt(1/2), sqrt(2)),
// log(x) = log(m) + e log(2), log(1 + f) by Cephes' logf polynomial, log(2) split in two parts.
template <int W, class Floats = typename Vectors<W>::Floats, class Ints = typename Vectors<W>::Ints>
FEDSEC_INLINE Floats log_unit(Floats x) {
  const Ints bits = (Ints)x;
  Ints e = (bits >> 23) - 126;                            // x is positive: no sign bit
  Floats m = (Floats)((bits & 0x807fffff) | 0x3f000000);  // in [0.5, 1)
  const Ints small = m < 0.707106781186547524f;
  e += small;  // -1 where m is doubled
  m = m + (Floats)(small & (Ints)m) - 1.0f;
  const Floats fe = to_floats<W>(e);
  const Floats z = m * m;
  Floats y = 7.0376836292e-2f * m - 1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m - 1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m - 1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m - 2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = y * m * z;
  y = y + fe * -2.12194440e-4f;
  y = y - 0.5f * z;
  return (m + y) + fe * 0.693359375f;
}

// cos(2 pi u) and sin(2 pi u) for u = v 2^-24, v a 24-bit integer: 4u = q + t exactly, with q the
// integer nearest 4u (halves rounded up) and t in [-1/2, 1/2], both computed in integers, so the
// polynomials only see angles in [-pi/4, pi/4] and the quadrant q picks signs.
template <int W, class Floats = typename Vectors<W>::Floats, class Ints = typename Vectors<W>::Ints>
FEDSEC_INLINE void sincos_turn(Ints v, Floats& cos_out, Floats& sin_out) {
  const Ints q = (v + (1 << 21)) >> 22;
  const Ints t = v - (q << 22);                                               // t 2^-22 = 4u - q
  const Floats x = to_floats<W>(t) * (1.57079632679489661923f / 4194304.0f);  // (pi / 2) 2^-22
  const Floats z = x * x;
  const Floats s = ((-1.9515295891e-4f * z + 8.3321608736e-3f) * z - 1.6666654611e-1f) * z * x + x;
  const Floats c = ((2.443315711809948e-5f * z - 1.388731625493765e-3f) * z + 4.166664568298827e-2f) * z * z -
                   0.5f * z + 1.0f;
  const Ints odd = -(q & 1);
  const Ints cos_sign = ((q + 1) & 2) << 30;  // quadrants 1 and 2
  const Ints sin_sign = (q & 2) << 30;        // quadrants 2 and 3
  cos_out = (Floats)((Ints)select(odd, s, c) ^ cos_sign);
  sin_out = (Floats)((Ints)select(odd, c, s) ^ sin_sign);
}

// out[k] += stddev * v for the value v of each lane k.
template <int W>
FEDSEC_INLINE void add_scaled(float* out, typename Vectors<W>::Floats v, float stddev) {
  typename Vectors<W>::Floats a;
  std::memcpy(&a, out, sizeof a);
  a += stddev * v;
  std::memcpy(out, &a, sizeof a);
}

// out[k] += stddev * (value k of the next block of the stream), for k < 32.
template <int W>
FEDSEC_INLINE void add_next_block(Xoshiro128pp<W>& generator, float* out, float stddev) {
  using Floats = typename Vectors<W>::Floats;
  using Ints = typename Vectors<W>::Ints;
  constexpr float kUnit = 1.0f / 16777216.0f;  // 2^-24
  for (int p = 0; p < kLanes / W; ++p) {
    const Floats u1 = to_floats<W>((Ints)((generator.next(p) >> 8) + 1)) * kUnit;
    const Floats squared_radius = -2.0f * log_unit<W>(u1);
    Floats radius;
    for (int j = 0; j < W; ++j) radius[j] = std::sqrt(squared_radius[j]);
    Floats c, s;
    sincos_turn<W>((Ints)(generator.next(p) >> 8), c, s);
    add_scaled<W>(out + p * W, radius * c, stddev);
    add_scaled<W>(out + kLanes + p * W, radius * s, stddev);
  }
}

template <int W>
FEDSEC_INLINE void add_scaled_normals_inline(float* data, int64_t n, float stddev, uint64_t seed) {
  Xoshiro128pp<W> generator(seed);
  int64_t i = 0;
  for (; i + kBlock <= n; i += kBlock) add_next_block(generator, data + i, stddev);
  if (i == n) return;
  // The last, partial block: the values themselves (-0 + 1 * v is v exactly, signed zeros too),
  // then the same update.
  float z[kBlock];
  std::fill(z, z + kBlock, -0.0f);
  add_next_block(generator, z, 1.0f);
  for (int64_t k = 0; i + k < n; ++k) data[i + k] += stddev * z[k];
}

#if defined(__x86_64__) && defined(__GNUC__)
#define FEDSEC_HAS_SIMD_PATHS 1
// The same code for CPUs with AVX2 and with AVX-512; no FMA, so the same roundings.
__attribute__((target("avx2"))) void add_scaled_normals_avx2(float* data, int64_t n, float stddev,
                                                             uint64_t seed) {
  add_scaled_normals_inline<8>(data, n, stddev, seed);
}
__attribute__((target("avx512f,avx512dq,avx2"))) void add_scaled_normals_avx512(float* data, int64_t n,
                                                                                float stddev, uint64_t seed) {
  add_scaled_normals_inline<16>(data, n, stddev, seed);
}
#endif

void add_scaled_normals_baseline(float* data, int64_t n, float stddev, uint64_t seed) {
  add_scaled_normals_inline<4>(data, n, stddev, seed);
}

SamplerBuild widest_supported_build() {
  if (sampler_build_supported(SamplerBuild::Avx512)) return SamplerBuild::Avx512;
  if (sampler_build_supported(SamplerBuild::Avx2)) return SamplerBuild::Avx2;
  return SamplerBuild::Baseline;
}

}  // namespace

bool sampler_build_supported(SamplerBuild build) {
  switch (build) {
    case SamplerBuild::Baseline:
      return true;
#ifdef FEDSEC_HAS_SIMD_PATHS
    case SamplerBuild::Avx2:
      return __builtin_cpu_supports("avx2");
    case SamplerBuild::Avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
             __builtin_cpu_supports("avx2");
#endif
    default:
      return false;
  }
}

void add_scaled_normals_with(SamplerBuild build, float* data, int64_t n, float stddev, uint64_t seed) {
  if (!sampler_build_supported(build))
    throw std::invalid_argument("add_scaled_normals_with: this processor lacks that instruction set");
  switch (build) {
#ifdef FEDSEC_HAS_SIMD_PATHS
    case SamplerBuild::Avx2:
      return add_scaled_normals_avx2(data, n, stddev, seed);
    case SamplerBuild::Avx512:
      return add_scaled_normals_avx512(data, n, stddev, seed);
#endif
    default:
      return add_scaled_normals_baseline(data, n, stddev, seed);
  }
}

void add_scaled_normals(float* data, int64_t n, float stddev, uint64_t seed) {
  static const SamplerBuild widest = widest_supported_build();
  add_scaled_normals_with(widest, data, n, stddev, seed);
}

}  // namespace fedsec::privacy
