#include "privacy/secure/randomness.h"

#include <algorithm>
#include <climits>

#include <openssl/rand.h>

#include "privacy/secure/hkdf.h"
#include "privacy/secure/mask_prg.h"
#include "privacy/secure/openssl_util.h"

namespace fedsec::secure {

Bytes Randomness::bytes(std::string_view purpose, int64_t round, int64_t party, size_t n) const {
  if (!seed_) {
    Bytes out(n);
    if (n > static_cast<size_t>(INT_MAX)) throw CryptoError("RAND_priv_bytes request over 2 GiB");
    check_openssl(RAND_priv_bytes(out.data(), static_cast<int>(n)) == 1, "RAND_priv_bytes");
    return out;
  }
  ByteWriter ikm;
  ikm.u64(*seed_);
  const Bytes key = hkdf_sha256(ikm.take(), kdf_info("fedsec seeded randomness v1", {}),
                                kdf_info(purpose, {round, party}), 32);
  Seed stream_key;
  std::copy(key.begin(), key.end(), stream_key.begin());
  return keystream(stream_key, n);
}

}  // namespace fedsec::secure
