// The run's X.509 authority: what it issues (names, key usages, validity, signatures) and how
// certificates and keys travel through PEM files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include <openssl/x509v3.h>

#include "privacy/secure/run_certificates.h"
#include "tls_support.h"

namespace fedsec::secure {
namespace {

using testing::days;
using ::testing::HasSubstr;
using testing::TempDir;

bool signed_by(X509* cert, const X509Authority& authority) {
  return X509_verify(cert, X509_get0_pubkey(authority.certificate())) == 1;
}

TEST(X509Authority, IssuesServerAndClientCertificatesItSigned) {
  const X509Authority authority = X509Authority::create("run 42", days(0, 10));
  EXPECT_EQ(common_name(authority.certificate()), "run 42");
  EXPECT_EQ(X509_check_ca(authority.certificate()), 1);
  EXPECT_TRUE(signed_by(authority.certificate(), authority));  // self-signed

  const X509Identity server = authority.issue_server(days(0, 10));
  EXPECT_EQ(common_name(server.certificate.get()), kServerName);
  EXPECT_TRUE(signed_by(server.certificate.get(), authority));
  EXPECT_EQ(X509_check_host(server.certificate.get(), kServerName, 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_purpose(server.certificate.get(), X509_PURPOSE_SSL_SERVER, 0), 1);
  EXPECT_NE(X509_check_purpose(server.certificate.get(), X509_PURPOSE_SSL_CLIENT, 0), 1);
  EXPECT_EQ(X509_check_ca(server.certificate.get()), 0);

  const X509Identity client = authority.issue_client(7, days(0, 10));
  EXPECT_EQ(common_name(client.certificate.get()), "client-7");
  EXPECT_TRUE(signed_by(client.certificate.get(), authority));
  EXPECT_EQ(X509_check_purpose(client.certificate.get(), X509_PURPOSE_SSL_CLIENT, 0), 1);
  EXPECT_NE(X509_check_purpose(client.certificate.get(), X509_PURPOSE_SSL_SERVER, 0), 1);
  EXPECT_EQ(X509_check_private_key(client.certificate.get(), client.key.get()), 1);
  EXPECT_EQ(EVP_PKEY_get_base_id(client.key.get()), EVP_PKEY_EC);

  const X509Authority other = X509Authority::create("run 42", days(0, 10));
  EXPECT_FALSE(signed_by(client.certificate.get(), other));
  EXPECT_THROW(authority.issue_client(-1, days(0, 1)), std::invalid_argument);
}

TEST(X509Authority, ValidityIsTheCallersWindow) {
  const X509Authority authority = X509Authority::create("run", days(-1, 1));
  const X509Identity expired = authority.issue_client(0, days(-3, -2));
  EXPECT_LT(X509_cmp_current_time(X509_get0_notAfter(expired.certificate.get())), 0);
  const X509Identity future = authority.issue_client(0, days(2, 3));
  EXPECT_GT(X509_cmp_current_time(X509_get0_notBefore(future.certificate.get())), 0);
  const Validity window = Validity::days_from_now(5);
  EXPECT_LT(window.not_before, std::chrono::system_clock::now());
  EXPECT_NEAR(std::chrono::duration<double>(window.not_after - window.not_before).count(),
              5 * 86400.0 + 300.0, 2.0);
}

TEST(X509Authority, RoundTripsThroughPemFiles) {
  const TempDir dir("x509_pem");
  const X509Authority authority = X509Authority::create("run", days(0, 10));
  authority.save(dir.file("ca.pem"), dir.file("ca.key"));
  const X509Authority loaded = X509Authority::load(dir.file("ca.pem"), dir.file("ca.key"));
  EXPECT_EQ(X509_cmp(loaded.certificate(), authority.certificate()), 0);
  EXPECT_EQ(EVP_PKEY_eq(loaded.key(), authority.key()), 1);

  // The loaded authority issues certificates that verify against the saved one.
  const X509Identity client = loaded.issue_client(3, days(0, 1));
  write_certificate_pem(client.certificate.get(), dir.file("client-3.pem"));
  write_private_key_pem(client.key.get(), dir.file("client-3.key"));
  const X509Ptr cert = read_certificate_pem(dir.file("client-3.pem"));
  EXPECT_EQ(X509_cmp(cert.get(), client.certificate.get()), 0);
  EXPECT_TRUE(signed_by(cert.get(), authority));
  EXPECT_EQ(EVP_PKEY_eq(read_private_key_pem(dir.file("client-3.key")).get(), client.key.get()), 1);
}

TEST(X509Authority, PrivateKeysAreWrittenOwnerOnly) {
  const TempDir dir("x509_mode");
  const X509Authority authority = X509Authority::create("run", days(0, 10));
  std::ofstream(dir.file("ca.key")) << "old";
  ::chmod(dir.file("ca.key").c_str(), 0644);
  authority.save(dir.file("ca.pem"), dir.file("ca.key"));
  struct stat info {};
  ASSERT_EQ(::stat(dir.file("ca.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(dir.file("ca.pem").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0600, 0600u);
}

TEST(X509Authority, BadFilesRaisePemErrorNamingTheFile) {
  const TempDir dir("x509_bad");
  std::ofstream(dir.file("junk.pem")) << "not a certificate\n";
  const X509Authority authority = X509Authority::create("run", days(0, 10));
  authority.save(dir.file("ca.pem"), dir.file("ca.key"));
  const X509Authority other = X509Authority::create("run", days(0, 10));
  other.save(dir.file("other.pem"), dir.file("other.key"));

  auto message_of = [](auto&& call) {
    try {
      call();
    } catch (const PemError& e) {
      return std::string(e.what());
    }
    return std::string("no PemError");
  };
  EXPECT_THAT(message_of([&] { read_certificate_pem(dir.file("missing.pem")); }),
              HasSubstr(dir.file("missing.pem") + ": cannot open"));
  EXPECT_THAT(message_of([&] { read_certificate_pem(dir.file("junk.pem")); }),
              HasSubstr(dir.file("junk.pem") + ": not a PEM certificate"));
  EXPECT_THAT(message_of([&] { read_private_key_pem(dir.file("ca.pem")); }),
              HasSubstr(dir.file("ca.pem") + ": not an unencrypted PEM private key"));
  EXPECT_THAT(message_of([&] { read_certificate_pem(dir.file("ca.key")); }),
              HasSubstr("not a PEM certificate"));
  EXPECT_THAT(message_of([&] { X509Authority::load(dir.file("ca.pem"), dir.file("other.key")); }),
              HasSubstr(dir.file("other.key") + ": private key does not belong to the certificate"));
  EXPECT_THAT(
      message_of([&] { write_certificate_pem(authority.certificate(), dir.file("no/such/dir.pem")); }),
      HasSubstr("cannot create"));
}

TEST(RunCertificates, WritesTheAuthorityServerAndEveryClient) {
  const TempDir dir("x509_run");
  const std::vector<std::string> files = write_run_certificates(dir.path().string(), 2, 3);
  const std::vector<std::string> expected = {
      dir.file("ca.pem"),       dir.file("ca.key"),       dir.file("server.pem"),   dir.file("server.key"),
      dir.file("client-0.pem"), dir.file("client-0.key"), dir.file("client-1.pem"), dir.file("client-1.key")};
  EXPECT_EQ(files, expected);
  const X509Authority authority = X509Authority::load(dir.file("ca.pem"), dir.file("ca.key"));
  const X509Ptr client = read_certificate_pem(dir.file("client-1.pem"));
  EXPECT_EQ(common_name(client.get()), "client-1");
  EXPECT_TRUE(signed_by(client.get(), authority));
  int days_left = 0;
  int seconds_left = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days_left, &seconds_left, nullptr, X509_get0_notAfter(client.get())), 1);
  EXPECT_NEAR(days_left * 86400.0 + seconds_left, 3 * 86400.0, 10.0);
  struct stat info {};
  ASSERT_EQ(::stat(dir.file("client-0.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  EXPECT_THROW(write_run_certificates(dir.path().string(), 2, 3), PemError);  // never replaces ca.key
  EXPECT_THROW(write_run_certificates(dir.file("fresh"), 0, 3), std::invalid_argument);
  EXPECT_THROW(write_run_certificates(dir.file("fresh"), 1, 0), std::invalid_argument);
}

TEST(X509Authority, ClientNamesParseStrictly) {
  EXPECT_EQ(parse_client_name("client-0"), 0);
  EXPECT_EQ(parse_client_name("client-42"), 42);
  EXPECT_EQ(parse_client_name("client-2147483647"), 2147483647);
  for (const char* bad : {"client-", "client-01", "client--1", "client-2147483648", "client-1x", "server",
                          "Client-1", "client-99999999999", ""}) {
    EXPECT_EQ(parse_client_name(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(client_name(12), "client-12");
}

}  // namespace
}  // namespace fedsec::secure
