#include "privacy/secure/hkdf.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>

#include "privacy/secure/openssl_util.h"

namespace fedsec::secure {
namespace {

EVP_KDF* hkdf_algorithm() {
  static KdfPtr kdf = [] {
    KdfPtr k(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    check_openssl(k != nullptr, "EVP_KDF_fetch(HKDF)");
    return k;
  }();
  return kdf.get();
}

}  // namespace

Bytes hkdf_sha256(const Bytes& ikm, const Bytes& salt, const Bytes& info, size_t length) {
  KdfCtxPtr ctx(EVP_KDF_CTX_new(hkdf_algorithm()));
  check_openssl(ctx != nullptr, "EVP_KDF_CTX_new");
  char digest[] = "SHA256";
  // OpenSSL's parameter API takes non-const pointers; it does not write through them.
  auto* key = const_cast<uint8_t*>(ikm.data());
  auto* salt_p = const_cast<uint8_t*>(salt.data());
  auto* info_p = const_cast<uint8_t*>(info.data());
  // An empty salt is left out: HKDF then uses HashLen zero bytes (RFC 5869, 2.2).
  OSSL_PARAM params[5];
  size_t p = 0;
  params[p++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
  params[p++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, key, ikm.size());
  if (!salt.empty())
    params[p++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt_p, salt.size());
  params[p++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info_p, info.size());
  params[p] = OSSL_PARAM_construct_end();
  Bytes out(length);
  check_openssl(EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) == 1, "EVP_KDF_derive(HKDF)");
  return out;
}

Bytes kdf_info(std::string_view label, std::initializer_list<int64_t> fields) {
  ByteWriter w;
  w.raw(reinterpret_cast<const uint8_t*>(label.data()), label.size());
  for (int64_t f : fields) w.u64(static_cast<uint64_t>(f));
  return w.take();
}

}  // namespace fedsec::secure
