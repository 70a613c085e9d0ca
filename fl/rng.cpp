#include "fl/rng.h"

namespace fedsec::fl {
namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t fnv1a(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

uint64_t derive_seed(uint64_t experiment_seed, std::string_view purpose, int64_t round, int64_t client) {
  uint64_t h = splitmix64(experiment_seed);
  h = splitmix64(h ^ fnv1a(purpose));
  h = splitmix64(h ^ static_cast<uint64_t>(round));
  return splitmix64(h ^ static_cast<uint64_t>(client));
}

Rng make_rng(uint64_t experiment_seed, std::string_view purpose, int64_t round, int64_t client) {
  return Rng(derive_seed(experiment_seed, purpose, round, client));
}

uint64_t uniform_below(Rng& rng, uint64_t n) {
  // Lemire, "Fast Random Integer Generation in an Interval" (2019).
  unsigned __int128 m = static_cast<unsigned __int128>(rng()) * n;
  auto low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(rng()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

double uniform_unit(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

}  // namespace fedsec::fl
