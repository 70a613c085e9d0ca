#pragma once
// HKDF-SHA256 (RFC 5869) through OpenSSL's EVP_KDF, extract-and-expand.

#include <string_view>

#include "privacy/secure/bytes.h"

namespace fedsec::secure {

// `length` bytes derived from key material `ikm`, with `salt` and context `info` (at most 1024
// bytes, OpenSSL's limit). Distinct `info` gives independent keys from the same secret.
Bytes hkdf_sha256(const Bytes& ikm, const Bytes& salt, const Bytes& info, size_t length);

// info = label || each integer as 8 little-endian bytes: the domain separation used everywhere.
Bytes kdf_info(std::string_view label, std::initializer_list<int64_t> fields);

}  // namespace fedsec::secure
