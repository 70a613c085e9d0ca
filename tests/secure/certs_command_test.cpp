// `fedsec certs` through CLI11, without the rest of the executable: cli/certs_command.cpp is
// compiled into this test. It writes a run's authority and certificates that authenticate a TLS
// 1.3 connection, keeps private keys owner-only, never replaces an authority, and rejects bad
// arguments with a CLI11 parse error (exit code 2 in cli/main.cpp).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <future>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "privacy/secure/certificate.h"
#include "privacy/secure/run_certificates.h"
#include "tls_support.h"

namespace fedsec::cli {
namespace {

using secure::testing::TempDir;
using ::testing::HasSubstr;

// Runs `fedsec certs ARGS...` and returns what it printed.
std::string run_certs(std::vector<std::string> args) {
  CLI::App app{"fedsec"};
  add_certs_command(app);
  args.insert(args.begin(), "certs");
  std::reverse(args.begin(), args.end());  // CLI11 consumes the vector from the back
  std::ostringstream captured;
  std::streambuf* const saved = std::cout.rdbuf(captured.rdbuf());
  try {
    app.parse(args);
  } catch (...) {
    std::cout.rdbuf(saved);
    throw;
  }
  std::cout.rdbuf(saved);
  return captured.str();
}

// The message of the CLI11 parse error that `args` raise ("" if none).
std::string parse_error_of(const std::vector<std::string>& args) {
  try {
    run_certs(args);
  } catch (const CLI::ParseError& e) {
    return std::string(e.what()).empty() ? "(empty message)" : e.what();
  }
  return "";
}

TEST(CertsCommand, WritesCertificatesThatAuthenticateATlsConnection) {
  const TempDir tmp("certs_command");
  const std::string dir = tmp.file("run");
  const std::string out = run_certs({"--out", dir, "--clients", "3", "--days", "2"});
  EXPECT_THAT(out, HasSubstr("server and 3 client certificates, valid 2 days"));
  for (const char* name : {"ca.pem", "ca.key", "server.pem", "server.key", "client-0.pem", "client-0.key",
                           "client-2.pem", "client-2.key"}) {
    EXPECT_THAT(out, HasSubstr(dir + "/" + name));
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + name)) << name;
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/client-3.pem"));
  struct stat info {};
  ASSERT_EQ(::stat((dir + "/server.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  using namespace fedsec::secure;
  TlsListener listener(load_run_credentials(dir, kServerParty), "127.0.0.1", 0,
                       secure::testing::quick_options());
  auto server = std::async(std::launch::async, [&] { return listener.accept().peer_party(); });
  TlsConnection client = tls_connect(load_run_credentials(dir, 2), "127.0.0.1", listener.port(),
                                     secure::testing::quick_options());
  EXPECT_EQ(server.get(), 2);
}

TEST(CertsCommand, DefaultValidityIsThirtyDays) {
  const TempDir tmp("certs_command_default");
  EXPECT_THAT(run_certs({"--out", tmp.file("run"), "--clients", "1"}), HasSubstr("valid 30 days"));
}

TEST(CertsCommand, BadArgumentsAreParseErrorsNamingTheOption) {
  const TempDir tmp("certs_command_bad");
  const std::string dir = tmp.file("run");
  EXPECT_THAT(parse_error_of({"--clients", "2"}), HasSubstr("--out"));
  EXPECT_THAT(parse_error_of({"--out", dir}), HasSubstr("--clients"));
  EXPECT_THAT(parse_error_of({"--out", dir, "--clients", "0"}), HasSubstr("--clients"));
  EXPECT_THAT(parse_error_of({"--out", dir, "--clients", "two"}), HasSubstr("--clients"));
  EXPECT_THAT(parse_error_of({"--out", dir, "--clients", "2", "--days", "0"}), HasSubstr("--days"));
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(CertsCommand, RefusesToReplaceAnAuthority) {
  const TempDir tmp("certs_command_twice");
  const std::string dir = tmp.file("run");
  run_certs({"--out", dir, "--clients", "1"});
  try {
    run_certs({"--out", dir, "--clients", "1"});
    FAIL() << "replaced an authority";
  } catch (const secure::PemError& e) {  // a runtime failure: exit code 1
    EXPECT_THAT(e.what(), HasSubstr(dir + "/ca.key: already exists"));
  }
}

}  // namespace
}  // namespace fedsec::cli
