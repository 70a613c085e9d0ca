#include "privacy/secure/run_certificates.h"

#include <filesystem>
#include <stdexcept>

#include "privacy/secure/certificate.h"

namespace fedsec::secure {

namespace {

std::string stem_of(int32_t party) { return party == kServerParty ? "server" : client_name(party); }

}  // namespace

std::vector<std::string> write_run_certificates(const std::string& dir, int num_clients, int days) {
  if (num_clients < 1)
    throw std::invalid_argument("need at least one client, got " + std::to_string(num_clients));
  if (days < 1)
    throw std::invalid_argument("certificates must be valid at least one day, got " + std::to_string(days));
  const std::filesystem::path root(dir);
  std::error_code error;
  std::filesystem::create_directories(root, error);
  if (error) throw PemError(dir, "cannot create directory: " + error.message());
  const std::string ca_key = (root / "ca.key").string();
  if (std::filesystem::exists(ca_key)) {
    throw PemError(ca_key, "already exists; a run's authority is not replaced (choose another directory)");
  }
  const Validity validity = Validity::days_from_now(days);
  const X509Authority authority = X509Authority::create("fedsec run authority", validity);
  std::vector<std::string> written;
  auto save = [&](const X509Identity& identity, const std::string& stem) {
    const std::string cert = (root / (stem + ".pem")).string();
    const std::string key = (root / (stem + ".key")).string();
    write_certificate_pem(identity.certificate.get(), cert);
    write_private_key_pem(identity.key.get(), key);
    written.push_back(cert);
    written.push_back(key);
  };
  save(authority.issue_server(validity), stem_of(kServerParty));
  for (int k = 0; k < num_clients; ++k) save(authority.issue_client(k, validity), stem_of(k));
  // The authority last: its key marks a complete directory.
  const std::string ca_cert = (root / "ca.pem").string();
  authority.save(ca_cert, ca_key);
  written.insert(written.begin(), {ca_cert, ca_key});
  return written;
}

TlsCredentials load_run_credentials(const std::string& dir, int32_t party) {
  const std::filesystem::path root(dir);
  const std::string stem = stem_of(party);
  return TlsCredentials::load((root / "ca.pem").string(), (root / (stem + ".pem")).string(),
                              (root / (stem + ".key")).string());
}

}  // namespace fedsec::secure
