#include "privacy/secure/openssl_util.h"

#include <map>
#include <mutex>

#include <openssl/err.h>

namespace fedsec::secure {

std::string drain_openssl_errors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!text.empty()) text += ": ";
    text += buf;
  }
  return text;
}

void check_openssl(bool ok, const char* what) {
  if (ok) return;
  const std::string errors = drain_openssl_errors();
  throw CryptoError(std::string(what) + " failed" + (errors.empty() ? "" : ": " + errors));
}

const EVP_CIPHER* cached_cipher(const char* name) {
  static std::mutex mutex;
  static std::map<std::string, CipherPtr> ciphers;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = ciphers[name];
  if (!slot) {
    slot.reset(EVP_CIPHER_fetch(nullptr, name, nullptr));
    check_openssl(slot != nullptr, "EVP_CIPHER_fetch");
  }
  return slot.get();
}

}  // namespace fedsec::secure
