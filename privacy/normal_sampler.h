#pragma once
// A fast, reproducible source of standard normal float32 draws for DP noise: Box-Muller over eight
// interleaved xoshiro128++ streams (Blackman and Vigna 2021), computed eight lanes at a time with
// float polynomials for log, sin and cos. Every operation is an IEEE-rounded float add, multiply,
// divide or square root (the file is compiled without floating-point contraction), so the draws
// are bit-identical on every machine and compiler that honours IEEE float.
//
// The stream is defined as follows, so that an independent implementation can check it:
//   lane j (0..7) has the xoshiro128++ state (lo(a), hi(a), lo(b), hi(b)), where a, b are the
//   outputs 2j+1 and 2j+2 of SplitMix64 started at `seed`;
//   block k (values 16k .. 16k+15) takes two outputs x, y of every lane j and sets
//     u1 = ((x >> 8) + 1) * 2^-24 in (0, 1],  u2 = (y >> 8) * 2^-24 in [0, 1),
//     value 16k + j     = sqrt(-2 ln u1) cos(2 pi u2),
//     value 16k + 8 + j = sqrt(-2 ln u1) sin(2 pi u2).
// Value i depends only on (seed, i), not on how many values are drawn. As with LibTorch's float
// normal sampler, u1 has 24 bits, so no draw exceeds sqrt(48 ln 2) = 5.77 in magnitude.

#include <cstdint>

namespace fedsec::privacy {

// data[i] += stddev * z_i for i < n, z_i the values of the stream above. On x86-64 CPUs with AVX2
// the same code runs compiled for AVX2 (chosen at run time), with the same results.
void add_scaled_normals(float* data, int64_t n, float stddev, uint64_t seed);

// The same, always with the build's baseline instructions (SSE2 on x86-64), whatever the CPU: the
// reference the run-time choice is tested against.
void add_scaled_normals_baseline(float* data, int64_t n, float stddev, uint64_t seed);

}  // namespace fedsec::privacy
