#include "privacy/normal_sampler.h"

#include <cmath>
#include <cstring>

// Eight-lane vectors (GCC/Clang vector extensions): the compiler maps them to whatever SIMD the
// build targets (two SSE2 registers on generic x86-64), and the arithmetic is the same IEEE float
// arithmetic on every target. The polynomials for log, sin and cos are Cephes' single-precision
// minimax fits (Moshier, "Methods and Programs for Mathematical Functions", 1989).

namespace fedsec::privacy {
namespace {

// Every helper is inlined into the two entry points below, so that each is compiled whole for
// its own instruction set.
#define FEDSEC_INLINE [[gnu::always_inline]] inline

constexpr int kLanes = 8;
using Floats = float __attribute__((vector_size(4 * kLanes)));
using Ints = int32_t __attribute__((vector_size(4 * kLanes)));
using Words = uint32_t __attribute__((vector_size(4 * kLanes)));

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Eight independent xoshiro128++ generators, one per lane.
struct Xoshiro128pp {
  Words s0, s1, s2, s3;

  explicit Xoshiro128pp(uint64_t seed) {
    for (int j = 0; j < kLanes; ++j) {
      const uint64_t a = splitmix64(seed), b = splitmix64(seed);
      s0[j] = static_cast<uint32_t>(a);
      s1[j] = static_cast<uint32_t>(a >> 32);
      s2[j] = static_cast<uint32_t>(b);
      s3[j] = static_cast<uint32_t>(b >> 32);
    }
  }

  FEDSEC_INLINE static Words rotl(Words x, int k) { return (x << k) | (x >> (32 - k)); }

  FEDSEC_INLINE Words next() {
    const Words result = rotl(s0 + s3, 7) + s0;
    const Words t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  }
};

FEDSEC_INLINE Floats to_floats(Ints v) { return __builtin_convertvector(v, Floats); }

// mask lanes are all ones or all zeros: mask ? a : b.
FEDSEC_INLINE Floats select(Ints mask, Floats a, Floats b) {
  return (Floats)((mask & (Ints)a) | (~mask & (Ints)b));
}

// Natural log for x in [2^-24, 1] (normal, positive): x = m 2^e with m in [sqrt(1/2), sqrt(2)),
// log(x) = log(m) + e log(2), log(1 + f) by Cephes' logf polynomial, log(2) split in two parts.
FEDSEC_INLINE Floats log_unit(Floats x) {
  const Ints bits = (Ints)x;
  Ints e = ((bits >> 23) & 0xff) - 126;
  Floats m = (Floats)((bits & 0x807fffff) | 0x3f000000);  // in [0.5, 1)
  const Ints small = m < 0.707106781186547524f;
  e += small;  // -1 where m is doubled
  m = m + (Floats)(small & (Ints)m) - 1.0f;
  const Floats fe = to_floats(e);
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

// cos(2 pi u) and sin(2 pi u) for u in [0, 1): 4u = q + t exactly, with q an integer and t in
// [-1/2, 1/2], so the polynomials only see angles in [-pi/4, pi/4] and the quadrant q picks signs.
FEDSEC_INLINE void sincos_turn(Floats u, Floats& cos_out, Floats& sin_out) {
  const Floats quarters = u * 4.0f;
  const Ints q = __builtin_convertvector(quarters + 0.5f, Ints);  // rounds down: the argument is >= 0
  const Floats x = (quarters - to_floats(q)) * 1.57079632679489661923f;
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

// The next 16 values of the stream: lanes 0..7 are the cosines, 8..15 the sines.
FEDSEC_INLINE void next_block(Xoshiro128pp& generator, Floats& first, Floats& second) {
  constexpr float kUnit = 1.0f / 16777216.0f;  // 2^-24
  const Floats u1 = to_floats((Ints)((generator.next() >> 8) + 1)) * kUnit;
  const Floats u2 = to_floats((Ints)(generator.next() >> 8)) * kUnit;
  const Floats squared_radius = -2.0f * log_unit(u1);
  Floats radius;
  for (int j = 0; j < kLanes; ++j) radius[j] = std::sqrt(squared_radius[j]);
  Floats c, s;
  sincos_turn(u2, c, s);
  first = radius * c;
  second = radius * s;
}

FEDSEC_INLINE void add_scaled_normals_inline(float* data, int64_t n, float stddev, uint64_t seed) {
  Xoshiro128pp generator(seed);
  constexpr int64_t kBlock = 2 * kLanes;
  int64_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    Floats first, second, a, b;
    next_block(generator, first, second);
    std::memcpy(&a, data + i, sizeof a);
    std::memcpy(&b, data + i + kLanes, sizeof b);
    a += stddev * first;
    b += stddev * second;
    std::memcpy(data + i, &a, sizeof a);
    std::memcpy(data + i + kLanes, &b, sizeof b);
  }
  if (i == n) return;
  float block[kBlock];
  Floats first, second;
  next_block(generator, first, second);
  std::memcpy(block, &first, sizeof first);
  std::memcpy(block + kLanes, &second, sizeof second);
  for (int64_t k = 0; i + k < n; ++k) data[i + k] += stddev * block[k];
}

#if defined(__x86_64__) && defined(__GNUC__)
#define FEDSEC_HAS_AVX2_PATH 1
// The same code for CPUs with AVX2 (8 float lanes per register instead of 4); no FMA, so the same
// roundings.
__attribute__((target("avx2"))) void add_scaled_normals_avx2(float* data, int64_t n, float stddev,
                                                             uint64_t seed) {
  add_scaled_normals_inline(data, n, stddev, seed);
}
#endif

}  // namespace

void add_scaled_normals_baseline(float* data, int64_t n, float stddev, uint64_t seed) {
  add_scaled_normals_inline(data, n, stddev, seed);
}

void add_scaled_normals(float* data, int64_t n, float stddev, uint64_t seed) {
#ifdef FEDSEC_HAS_AVX2_PATH
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) return add_scaled_normals_avx2(data, n, stddev, seed);
#endif
  add_scaled_normals_baseline(data, n, stddev, seed);
}

}  // namespace fedsec::privacy
