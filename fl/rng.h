#pragma once
// Seed derivation: every random stream in fedsec is keyed by (experiment seed, purpose, round,
// client), never by scheduling, so results do not depend on thread count or execution order.

#include <cstdint>
#include <random>
#include <string_view>

namespace fedsec::fl {

// The generator used for every stream (its output sequence is fixed by the C++ standard).
using Rng = std::mt19937_64;

// A 64-bit seed that is a fixed hash of its arguments (SplitMix64 over an FNV-1a hash of purpose).
uint64_t derive_seed(uint64_t experiment_seed, std::string_view purpose, int64_t round = 0,
                     int64_t client = 0);

// A generator seeded with derive_seed(...).
Rng make_rng(uint64_t experiment_seed, std::string_view purpose, int64_t round = 0, int64_t client = 0);

// Uniform integer in [0, n) from 64 random bits (Lemire's method, no modulo bias, portable:
// unlike std::uniform_int_distribution its output is the same on every standard library).
uint64_t uniform_below(Rng& rng, uint64_t n);

// Uniform double in [0, 1) with 53 random bits.
double uniform_unit(Rng& rng);

}  // namespace fedsec::fl
