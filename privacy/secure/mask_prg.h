#pragma once
// The mask generator of secure aggregation: AES-256-CTR keystream (through EVP) under a 32-byte
// seed with a zero IV, read as little-endian uint32 words. As in Google's fcp implementation, a
// seed is used for one mask only, so the zero IV never repeats under one key; one key yields at
// most 2^32 blocks, far above any model size we simulate.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace fedsec::secure {

using Seed = std::array<uint8_t, 32>;

// Fills `out` with the first out.size() words of the keystream under `seed`.
void expand_mask(const Seed& seed, std::vector<uint32_t>& out);

// acc[i] += sign * mask[i] (mod 2^32) for the keystream `mask` under `seed`; sign is +1 or -1.
void apply_mask(const Seed& seed, int sign, std::vector<uint32_t>& acc);

// The first n keystream bytes under `seed` (used for seeded reproducible randomness).
std::vector<uint8_t> keystream(const Seed& seed, size_t n);

}  // namespace fedsec::secure
