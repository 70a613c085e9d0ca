#pragma once
// Where secrets come from. `system()` draws from OpenSSL's RAND_priv_bytes (what a deployment
// must use). `seeded(seed)` derives every draw from (seed, purpose, round, party) with HKDF-SHA256
// and AES-256-CTR, so that a simulation is reproducible from its config; whoever knows the seed
// knows every key, so it is for simulation only.

#include <cstdint>
#include <optional>
#include <string_view>

#include "privacy/secure/bytes.h"

namespace fedsec::secure {

class Randomness {
 public:
  static Randomness system() { return Randomness(std::nullopt); }
  static Randomness seeded(uint64_t seed) { return Randomness(seed); }

  // n bytes for (purpose, round, party). Seeded: the same arguments give the same bytes.
  // System: fresh bytes on every call.
  Bytes bytes(std::string_view purpose, int64_t round, int64_t party, size_t n) const;
  bool is_seeded() const { return seed_.has_value(); }

 private:
  explicit Randomness(std::optional<uint64_t> seed) : seed_(seed) {}
  std::optional<uint64_t> seed_;
};

}  // namespace fedsec::secure
