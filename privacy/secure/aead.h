#pragma once
// AES-256-GCM through EVP: 32-byte key, 12-byte nonce, 16-byte tag appended to the ciphertext.

#include <array>
#include <optional>

#include "privacy/secure/bytes.h"

namespace fedsec::secure {

constexpr size_t kAeadKeySize = 32;
constexpr size_t kAeadNonceSize = 12;
constexpr size_t kAeadTagSize = 16;

using AeadKey = std::array<uint8_t, kAeadKeySize>;
using AeadNonce = std::array<uint8_t, kAeadNonceSize>;

// ciphertext || tag. The caller guarantees a (key, nonce) pair is never used twice.
Bytes aead_seal(const AeadKey& key, const AeadNonce& nonce, const uint8_t* aad, size_t aad_size,
                const uint8_t* plaintext, size_t size);
// The same, written to `out` (size + kAeadTagSize bytes, overlapping none of the inputs), so that
// a caller can seal straight into its frame.
void aead_seal_into(const AeadKey& key, const AeadNonce& nonce, const uint8_t* aad, size_t aad_size,
                    const uint8_t* plaintext, size_t size, uint8_t* out);

// The plaintext, or nullopt when the tag does not verify (wrong key, nonce, aad or any flipped
// bit) or the input is shorter than a tag.
std::optional<Bytes> aead_open(const AeadKey& key, const AeadNonce& nonce, const uint8_t* aad,
                               size_t aad_size, const uint8_t* sealed, size_t size);

// A 96-bit nonce: 4 zero bytes then the counter big-endian (NIST SP 800-38D deterministic IV).
AeadNonce counter_nonce(uint64_t counter);

}  // namespace fedsec::secure
