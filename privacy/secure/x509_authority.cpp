#include "privacy/secure/x509_authority.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace fedsec::secure {

namespace {

struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
struct BnFree {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
struct ExtensionFree {
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};

PkeyPtr new_p256_key() {
  PkeyPtr key(EVP_EC_gen("P-256"));
  check_openssl(key != nullptr, "EVP_EC_gen(P-256)");
  return key;
}

time_t seconds_of(std::chrono::system_clock::time_point t) { return std::chrono::system_clock::to_time_t(t); }

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  std::unique_ptr<X509_EXTENSION, ExtensionFree> ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
  check_openssl(ext != nullptr, "X509V3_EXT_conf_nid");
  check_openssl(X509_add_ext(cert, ext.get(), -1) == 1, "X509_add_ext");
}

// An unsigned certificate for `key` with a random 127-bit serial, subject CN `name`.
X509Ptr new_certificate(EVP_PKEY* key, const std::string& name, const Validity& validity) {
  X509Ptr cert(X509_new());
  check_openssl(cert != nullptr, "X509_new");
  check_openssl(X509_set_version(cert.get(), X509_VERSION_3) == 1, "X509_set_version");
  std::unique_ptr<BIGNUM, BnFree> serial(BN_new());
  check_openssl(serial && BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1, "BN_rand");
  check_openssl(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr,
                "BN_to_ASN1_INTEGER");
  check_openssl(ASN1_TIME_set(X509_getm_notBefore(cert.get()), seconds_of(validity.not_before)) != nullptr,
                "ASN1_TIME_set(notBefore)");
  check_openssl(ASN1_TIME_set(X509_getm_notAfter(cert.get()), seconds_of(validity.not_after)) != nullptr,
                "ASN1_TIME_set(notAfter)");
  X509_NAME* subject = X509_get_subject_name(cert.get());
  check_openssl(
      X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0) == 1,
      "X509_NAME_add_entry_by_txt");
  check_openssl(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
  return cert;
}

void sign(X509* cert, EVP_PKEY* issuer_key) {
  check_openssl(X509_sign(cert, issuer_key, EVP_sha256()) > 0, "X509_sign");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PemError(path, std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw PemError(path, "cannot read");
  return text.str();
}

void write_file(const std::string& path, const std::string& data, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) throw PemError(path, std::string("cannot create: ") + std::strerror(errno));
  // The file may have existed with a wider mode; narrow it before writing a private key into it.
  bool ok = ::fchmod(fd, mode) == 0;
  size_t done = 0;
  while (ok && done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  const int saved = errno;
  ok = (::close(fd) == 0) && ok;
  if (!ok) throw PemError(path, std::string("cannot write: ") + std::strerror(saved ? saved : errno));
}

std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

// Refuses to prompt for a passphrase: keys of a run are stored unencrypted.
int no_passphrase(char*, int, int, void*) { return -1; }

}  // namespace

X509Ptr share(X509* cert) {
  check_openssl(X509_up_ref(cert) == 1, "X509_up_ref");
  return X509Ptr(cert);
}

PkeyPtr share(EVP_PKEY* key) {
  check_openssl(EVP_PKEY_up_ref(key) == 1, "EVP_PKEY_up_ref");
  return PkeyPtr(key);
}

Validity Validity::days_from_now(int days) {
  const auto now = std::chrono::system_clock::now();
  return {now - std::chrono::minutes(5), now + std::chrono::hours(24) * days};
}

X509Authority X509Authority::create(const std::string& name, const Validity& validity) {
  PkeyPtr key = new_p256_key();
  X509Ptr cert = new_certificate(key.get(), name, validity);
  check_openssl(X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) == 1,
                "X509_set_issuer_name");
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_extension(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  sign(cert.get(), key.get());
  return X509Authority(X509Identity{std::move(cert), std::move(key)});
}

X509Authority X509Authority::load(const std::string& cert_path, const std::string& key_path) {
  X509Identity identity{read_certificate_pem(cert_path), read_private_key_pem(key_path)};
  if (X509_check_private_key(identity.certificate.get(), identity.key.get()) != 1) {
    drain_openssl_errors();
    throw PemError(key_path, "private key does not belong to the certificate in " + cert_path);
  }
  return X509Authority(std::move(identity));
}

X509Identity X509Authority::issue(const std::string& name, bool server, const Validity& validity) const {
  PkeyPtr key = new_p256_key();
  X509Ptr cert = new_certificate(key.get(), name, validity);
  check_openssl(X509_set_issuer_name(cert.get(), X509_get_subject_name(certificate())) == 1,
                "X509_set_issuer_name");
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, certificate(), cert.get(), nullptr, nullptr, 0);
  add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature");
  add_extension(cert.get(), &ctx, NID_ext_key_usage, server ? "serverAuth" : "clientAuth");
  if (server) add_extension(cert.get(), &ctx, NID_subject_alt_name, ("DNS:" + name).c_str());
  add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  add_extension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
  sign(cert.get(), this->key());
  return X509Identity{std::move(cert), std::move(key)};
}

X509Identity X509Authority::issue_server(const Validity& validity) const {
  return issue(kServerName, true, validity);
}

X509Identity X509Authority::issue_client(int32_t client_id, const Validity& validity) const {
  if (client_id < 0) throw std::invalid_argument("client id must be >= 0, got " + std::to_string(client_id));
  return issue(client_name(client_id), false, validity);
}

void X509Authority::save(const std::string& cert_path, const std::string& key_path) const {
  write_certificate_pem(certificate(), cert_path);
  write_private_key_pem(key(), key_path);
}

void write_certificate_pem(const X509* cert, const std::string& path) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check_openssl(bio && PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
  write_file(path, bio_contents(bio.get()), 0644);
}

void write_private_key_pem(EVP_PKEY* key, const std::string& path) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check_openssl(bio && PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
                "PEM_write_bio_PrivateKey");
  write_file(path, bio_contents(bio.get()), 0600);
}

X509Ptr read_certificate_pem(const std::string& path) {
  const std::string text = read_file(path);
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  check_openssl(bio != nullptr, "BIO_new_mem_buf");
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr));
  if (!cert) {
    const std::string reason = drain_openssl_errors();
    throw PemError(path, "not a PEM certificate" + (reason.empty() ? "" : " (" + reason + ")"));
  }
  return cert;
}

PkeyPtr read_private_key_pem(const std::string& path) {
  const std::string text = read_file(path);
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  check_openssl(bio != nullptr, "BIO_new_mem_buf");
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  if (!key) {
    const std::string reason = drain_openssl_errors();
    throw PemError(path, "not an unencrypted PEM private key" + (reason.empty() ? "" : " (" + reason + ")"));
  }
  return key;
}

std::string common_name(const X509* cert) {
  const X509_NAME* subject = X509_get_subject_name(cert);
  const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (index < 0) return "";
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
  unsigned char* utf8 = nullptr;
  const int size = ASN1_STRING_to_UTF8(&utf8, data);
  if (size < 0) {
    drain_openssl_errors();
    return "";
  }
  std::string name(reinterpret_cast<const char*>(utf8), static_cast<size_t>(size));
  OPENSSL_free(utf8);
  return name;
}

std::optional<int32_t> parse_client_name(const std::string& name) {
  static const std::string prefix = "client-";
  if (name.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  const std::string digits = name.substr(prefix.size());
  if (digits.empty() || digits.size() > 10 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > std::numeric_limits<int32_t>::max()) return std::nullopt;
  return static_cast<int32_t>(value);
}

std::string client_name(int32_t client_id) { return "client-" + std::to_string(client_id); }

}  // namespace fedsec::secure
