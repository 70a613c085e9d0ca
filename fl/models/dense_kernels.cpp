#include "fl/models/dense_kernels.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <utility>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define FEDSEC_HAS_SIMD_KERNELS 1
#endif

namespace fedsec::fl::dense {
namespace {

constexpr int kLanes = 16;

namespace baseline {

struct V {
  float x[kLanes];
};
inline V vzero() { return V{}; }
inline V vload(const float* p) {
  V v;
  std::copy(p, p + kLanes, v.x);
  return v;
}
inline V vbroadcast(float s) {
  V v;
  std::fill(v.x, v.x + kLanes, s);
  return v;
}
inline V vfma(const V& a, const V& b, const V& c) {
  V v;
  for (int l = 0; l < kLanes; ++l) v.x[l] = std::fma(a.x[l], b.x[l], c.x[l]);
  return v;
}
inline void vstore(float* p, const V& v) { std::copy(v.x, v.x + kLanes, p); }
inline float vreduce(const V& v) {
  float s[8];
  for (int l = 0; l < 8; ++l) s[l] = v.x[l] + v.x[l + 8];
  for (int l = 0; l < 4; ++l) s[l] += s[l + 4];
  for (int l = 0; l < 2; ++l) s[l] += s[l + 2];
  return s[0] + s[1];
}

// Sixteen double lanes, for sums of squares.
struct D {
  double x[kLanes];
};
inline D dzero() { return D{}; }
inline void dadd_squares(D& acc, const float* p) {
  for (int l = 0; l < kLanes; ++l) acc.x[l] += static_cast<double>(p[l]) * p[l];
}
inline D dsum(const D& a, const D& b) {
  D v;
  for (int l = 0; l < kLanes; ++l) v.x[l] = a.x[l] + b.x[l];
  return v;
}
inline void dstore(double* p, const D& v) { std::copy(v.x, v.x + kLanes, p); }

}  // namespace baseline

#define FEDSEC_KERNEL_NS baseline
#define FEDSEC_KERNEL_TARGET
#define FEDSEC_TILE_ROWS 2
#define FEDSEC_TILE_COLS 2
#include "fl/models/dense_kernels.inc"

#ifdef FEDSEC_HAS_SIMD_KERNELS
#define FEDSEC_AVX2 __attribute__((target("avx2,fma")))
#define FEDSEC_AVX512 __attribute__((target("avx512f,avx512dq,avx2,fma")))

// (v[l] + v[l + 4]) pairs, then (l + 2), then (l + 1): the tail of the fixed tree, on 8 sums.
#define FEDSEC_REDUCE8(TARGET)                                                              \
  TARGET inline float reduce8(__m256 s8) {                                                  \
    const __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1)); \
    const __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));                                \
    const __m128 s1 = _mm_add_ss(s2, _mm_shuffle_ps(s2, s2, 1));                            \
    return _mm_cvtss_f32(s1);                                                               \
  }

namespace avx2 {

struct V {
  __m256 lo, hi;
};
FEDSEC_REDUCE8(FEDSEC_AVX2)
FEDSEC_AVX2 inline V vzero() { return {_mm256_setzero_ps(), _mm256_setzero_ps()}; }
FEDSEC_AVX2 inline V vload(const float* p) { return {_mm256_loadu_ps(p), _mm256_loadu_ps(p + 8)}; }
FEDSEC_AVX2 inline V vbroadcast(float s) { return {_mm256_set1_ps(s), _mm256_set1_ps(s)}; }
FEDSEC_AVX2 inline V vfma(const V& a, const V& b, const V& c) {
  return {_mm256_fmadd_ps(a.lo, b.lo, c.lo), _mm256_fmadd_ps(a.hi, b.hi, c.hi)};
}
FEDSEC_AVX2 inline void vstore(float* p, const V& v) {
  _mm256_storeu_ps(p, v.lo);
  _mm256_storeu_ps(p + 8, v.hi);
}
FEDSEC_AVX2 inline float vreduce(const V& v) { return reduce8(_mm256_add_ps(v.lo, v.hi)); }

// A float's square is exact in double, so a fused multiply-add of it rounds as the sum alone does.
struct D {
  __m256d q[4];
};
FEDSEC_AVX2 inline D dzero() {
  return {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()};
}
FEDSEC_AVX2 inline void dadd_squares(D& acc, const float* p) {
  for (int k = 0; k < 4; ++k) {
    const __m256d d = _mm256_cvtps_pd(_mm_loadu_ps(p + 4 * k));
    acc.q[k] = _mm256_fmadd_pd(d, d, acc.q[k]);
  }
}
FEDSEC_AVX2 inline D dsum(const D& a, const D& b) {
  D v;
  for (int k = 0; k < 4; ++k) v.q[k] = _mm256_add_pd(a.q[k], b.q[k]);
  return v;
}
FEDSEC_AVX2 inline void dstore(double* p, const D& v) {
  for (int k = 0; k < 4; ++k) _mm256_storeu_pd(p + 4 * k, v.q[k]);
}

}  // namespace avx2

#define FEDSEC_KERNEL_NS avx2
#define FEDSEC_KERNEL_TARGET FEDSEC_AVX2
#define FEDSEC_TILE_ROWS 2
#define FEDSEC_TILE_COLS 2
#include "fl/models/dense_kernels.inc"

namespace avx512 {

using V = __m512;
FEDSEC_REDUCE8(FEDSEC_AVX512)
FEDSEC_AVX512 inline V vzero() { return _mm512_setzero_ps(); }
FEDSEC_AVX512 inline V vload(const float* p) { return _mm512_loadu_ps(p); }
FEDSEC_AVX512 inline V vbroadcast(float s) { return _mm512_set1_ps(s); }
FEDSEC_AVX512 inline V vfma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
FEDSEC_AVX512 inline void vstore(float* p, V v) { _mm512_storeu_ps(p, v); }
FEDSEC_AVX512 inline float vreduce(V v) {
  // Not _mm512_castps512_ps256, whose GCC 12 definition warns of an uninitialised variable.
  return reduce8(_mm256_add_ps(_mm512_extractf32x8_ps(v, 0), _mm512_extractf32x8_ps(v, 1)));
}

// A float's square is exact in double, so a fused multiply-add of it rounds as the sum alone does.
struct D {
  __m512d lo, hi;
};
FEDSEC_AVX512 inline D dzero() { return {_mm512_setzero_pd(), _mm512_setzero_pd()}; }
// _mm512_maskz_cvtps_pd with every lane set, not _mm512_cvtps_pd, whose GCC 12 definition warns
// of an uninitialised variable.
FEDSEC_AVX512 inline __m512d to_doubles(const float* p) {
  return _mm512_maskz_cvtps_pd(0xff, _mm256_loadu_ps(p));
}
FEDSEC_AVX512 inline void dadd_squares(D& acc, const float* p) {
  const __m512d lo = to_doubles(p), hi = to_doubles(p + 8);
  acc.lo = _mm512_fmadd_pd(lo, lo, acc.lo);
  acc.hi = _mm512_fmadd_pd(hi, hi, acc.hi);
}
FEDSEC_AVX512 inline D dsum(const D& a, const D& b) {
  return {_mm512_add_pd(a.lo, b.lo), _mm512_add_pd(a.hi, b.hi)};
}
FEDSEC_AVX512 inline void dstore(double* p, const D& v) {
  _mm512_storeu_pd(p, v.lo);
  _mm512_storeu_pd(p + 8, v.hi);
}

}  // namespace avx512

#define FEDSEC_KERNEL_NS avx512
#define FEDSEC_KERNEL_TARGET FEDSEC_AVX512
#define FEDSEC_TILE_ROWS 4
#define FEDSEC_TILE_COLS 4
#include "fl/models/dense_kernels.inc"
#endif

struct Kernels {
  decltype(&baseline::linear_forward) linear_forward;
  decltype(&baseline::combine_rows) combine_rows;
  decltype(&baseline::row_squared_norms) row_squared_norms;
};

Kernels kernels_for(Isa isa) {
  switch (isa) {
#ifdef FEDSEC_HAS_SIMD_KERNELS
    case Isa::Avx512:
      return {avx512::linear_forward, avx512::combine_rows, avx512::row_squared_norms};
    case Isa::Avx2:
      return {avx2::linear_forward, avx2::combine_rows, avx2::row_squared_norms};
#endif
    default:
      return {baseline::linear_forward, baseline::combine_rows, baseline::row_squared_norms};
  }
}

Isa widest_supported() {
  for (Isa isa : {Isa::Avx512, Isa::Avx2})
    if (isa_supported(isa)) return isa;
  return Isa::Baseline;
}

struct Selection {
  Isa isa = widest_supported();
  Kernels kernels = kernels_for(isa);
};

Selection& selection() {
  static Selection chosen;
  return chosen;
}

}  // namespace

bool isa_supported(Isa isa) {
  switch (isa) {
    case Isa::Baseline:
      return true;
#ifdef FEDSEC_HAS_SIMD_KERNELS
    case Isa::Avx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case Isa::Avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
             isa_supported(Isa::Avx2);
#endif
    default:
      return false;
  }
}

void select_isa(Isa isa) {
  if (!isa_supported(isa))
    throw std::invalid_argument("dense::select_isa: this processor lacks that instruction set");
  selection() = {isa, kernels_for(isa)};
}

Isa selected_isa() { return selection().isa; }

void point_at_rows(const float* matrix, int64_t rows, int64_t cols, std::vector<const float*>& out) {
  out.resize(rows);
  for (int64_t i = 0; i < rows; ++i) out[i] = matrix + i * cols;
}

void linear_forward(const float* const* a_rows, int64_t m, const float* b, int64_t n, int64_t k_size,
                    const float* bias, float* c) {
  selection().kernels.linear_forward(a_rows, m, b, n, k_size, bias, c);
}

void combine_rows(const float* coef, int64_t coef_r, int64_t coef_s, int64_t r_count,
                  const float* const* rows, int64_t s_count, int64_t d, float* c) {
  selection().kernels.combine_rows(coef, coef_r, coef_s, r_count, rows, s_count, d, c);
}

void row_squared_norms(const float* matrix, int64_t rows, int64_t cols, double* out) {
  selection().kernels.row_squared_norms(matrix, rows, cols, out);
}

}  // namespace fedsec::fl::dense
