#pragma once
// A fast, reproducible source of standard normal float32 draws for DP noise: Box-Muller over sixteen
// interleaved xoshiro128++ streams (Blackman and Vigna 2021), with float polynomials for log, sin
// and cos, computed a vector register at a time. Every operation is an IEEE-rounded float add,
// multiply, divide or square root (the file is compiled without floating-point contraction), so
// the draws are bit-identical on every machine and compiler that honours IEEE float.
//
// The stream is defined as follows, so that an independent implementation can check it:
//   lane j (0..15) has the xoshiro128++ state (lo(a), hi(a), lo(b), hi(b)), where a, b are the
//   outputs 2j+1 and 2j+2 of SplitMix64 started at `seed`;
//   block k (values 32k .. 32k+31) takes two outputs x, y of every lane j and sets
//     u1 = ((x >> 8) + 1) * 2^-24 in (0, 1],  u2 = (y >> 8) * 2^-24 in [0, 1),
//     value 32k + j      = sqrt(-2 ln u1) cos(2 pi u2),
//     value 32k + 16 + j = sqrt(-2 ln u1) sin(2 pi u2).
// Value i depends only on (seed, i), not on how many values are drawn. As with LibTorch's float
// normal sampler, u1 has 24 bits, so no draw exceeds sqrt(48 ln 2) = 5.77 in magnitude. Sixteen
// lanes fill an AVX-512 register; AVX2 and SSE2 take them in two and four registers.

#include <cstdint>

namespace fedsec::privacy {

// data[i] += stddev * z_i for i < n, z_i the values of the stream above, with the widest build
// below that the processor runs (chosen once).
void add_scaled_normals(float* data, int64_t n, float stddev, uint64_t seed);

// The builds of the sampler: the baseline instructions (SSE2 on x86-64), AVX2 and AVX-512. All give
// the same bits; tests compare them.
enum class SamplerBuild { Baseline, Avx2, Avx512 };
bool sampler_build_supported(SamplerBuild build);

// add_scaled_normals with the given build; throws std::invalid_argument where the processor lacks
// its instructions.
void add_scaled_normals_with(SamplerBuild build, float* data, int64_t n, float stddev, uint64_t seed);

}  // namespace fedsec::privacy
