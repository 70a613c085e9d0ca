// A networked run (serve_experiment with join_experiment clients over TLS 1.3 on loopback) trains
// exactly what the in-process simulator trains, with plain updates or with secure aggregation on
// top, and refuses clients the run's authority did not certify or whose certificate expired while
// serving the others.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "fl/errors.h"
#include "fl/experiment.h"
#include "privacy/networked_run.h"
#include "privacy/secagg_transport.h"
#include "privacy/secure/secagg_round.h"
#include "secure/tls_support.h"
#include "support/test_config.h"

namespace fedsec::privacy {
namespace {

namespace fs = std::filesystem;
using secure::TlsCredentials;
using secure::testing::days;
using secure::testing::RunPki;

// Three clients, two of them per round, so that a client also waits out rounds it is not in.
fl::Config three_clients(std::vector<fl::Override> extra = {}) {
  std::vector<fl::Override> o{{"partition.num_clients", "3"}, {"federation.clients_per_round", "2"}};
  o.insert(o.end(), extra.begin(), extra.end());
  return testing::tiny_config(o);
}

fs::path scratch_path(const std::string& name) {
  return fs::temp_directory_path() / ("fedsec_networked_" + std::to_string(::getpid())) / name;
}

// An empty scratch directory.
fs::path scratch(const std::string& name) {
  const fs::path dir = scratch_path(name);
  fs::remove_all(dir);
  return dir;
}

std::vector<nlohmann::json> rounds_of(const fs::path& dir) {
  std::vector<nlohmann::json> rounds;
  std::ifstream in(dir / "rounds.jsonl");
  for (std::string line; std::getline(in, line);) rounds.push_back(nlohmann::json::parse(line));
  return rounds;
}

secure::TlsOptions quick() {
  secure::TlsOptions o = secure::testing::quick_options();
  o.accept_timeout_s = 30;
  o.io_timeout_s = 30;
  return o;
}

// Serves `config` on a free port; `port` is set once the server listens.
std::future<nlohmann::json> serve_async(const fl::Config& config, const RunPki& pki, const fs::path& out,
                                        std::promise<uint16_t>& port) {
  return std::async(std::launch::async, [&config, &pki, out, &port] {
    ServeOptions options;
    options.host = "127.0.0.1";
    options.tls = quick();
    options.on_listening = [&port](uint16_t p) { port.set_value(p); };
    return serve_experiment(config, testing::registry(), pki.server(), out.string(), options);
  });
}

int join(const fl::Config& config, const TlsCredentials& credentials, uint16_t port, int client) {
  JoinOptions options;
  options.port = port;
  options.client = client;
  options.tls = quick();
  return join_experiment(config, testing::registry(), credentials, options);
}

// Runs `config` in process into `name`/local and across processes (a thread per process) into
// `name`/networked, and returns the rounds each client was asked to take part in, summed.
int run_both_ways(const fl::Config& config, const std::string& name) {
  fl::run_experiment(config, testing::registry(), scratch(name + "/local").string());
  const RunPki pki;
  std::promise<uint16_t> port;
  auto server = serve_async(config, pki, scratch(name + "/networked"), port);
  const uint16_t p = port.get_future().get();
  std::vector<std::future<int>> clients;
  const auto n = static_cast<int>(config.get_int("partition.num_clients"));
  for (int k = 0; k < n; ++k)
    clients.push_back(std::async(std::launch::async, [&, k] { return join(config, pki.client(k), p, k); }));
  int answered = 0;
  for (auto& c : clients) answered += c.get();
  server.get();
  return answered;
}

// Every round's participants, losses, accuracy and failure are bit-identical, so the model is;
// only the bytes (frames instead of in-process messages) and wall-clock times differ.
void expect_same_rounds(const std::string& name, size_t rounds) {
  const auto a = rounds_of(scratch_path(name + "/local")), b = rounds_of(scratch_path(name + "/networked"));
  ASSERT_EQ(a.size(), rounds);
  ASSERT_EQ(b.size(), a.size());
  for (size_t r = 0; r < a.size(); ++r) {
    for (const char* key : {"participants", "train_loss", "test_loss", "test_accuracy"})
      EXPECT_EQ(a[r].at(key), b[r].at(key)) << key << " in round " << r + 1;
    EXPECT_EQ(a[r].contains("failed"), b[r].contains("failed")) << "round " << r + 1;
    EXPECT_EQ(b[r].at("rejected_messages"), 0);
    EXPECT_GT(b[r].at("bytes_up").get<int64_t>(), a[r].at("bytes_up").get<int64_t>());
  }
}

TEST(NetworkedRun, ThreeClientsOverTlsTrainWhatTheInProcessRunTrains) {
  const int answered = run_both_ways(three_clients(), "plain");
  expect_same_rounds("plain", 3);
  EXPECT_EQ(answered, 3 * 2) << "two participants in each of three rounds";
}

TEST(NetworkedRun, SecureAggregationAcrossProcessesTrainsWhatTheInProcessRunTrains) {
  // SecAgg over the complete graph with t = 3 of 5; SecAgg+ over a ring (Harary degree 2), where
  // each client shares its secrets with its two neighbours only.
  const std::vector<std::vector<fl::Override>> protocols = {
      {{"transport.name", "secagg"}, {"transport.secagg.threshold", "3"}},
      {{"transport.name", "secagg+"}, {"transport.secagg.degree", "2"}}};
  for (const auto& protocol : protocols) {
    const std::string name = protocol.front().value_yaml;
    SCOPED_TRACE(name);
    std::vector<fl::Override> o{{"partition.num_clients", "5"}, {"federation.clients_per_round", "5"}};
    o.insert(o.end(), protocol.begin(), protocol.end());
    EXPECT_EQ(run_both_ways(three_clients(o), name), 5 * 3);
    expect_same_rounds(name, 3);
  }
}

TEST(NetworkedRun, SecureAggregationDropoutsAcrossProcessesMatchTheInProcessRun) {
  // Clients leave after sharing their keys as the seeded draw says, in process and across
  // processes alike; their updates leave the sum, and a round with fewer than t survivors fails.
  const fl::Config config = three_clients({{"transport.name", "secagg"},
                                           {"partition.num_clients", "5"},
                                           {"federation.clients_per_round", "5"},
                                           {"transport.secagg.threshold", "3"},
                                           {"transport.secagg.dropout.after_share", "0.3"}});
  int dropped = 0;
  const secure::SecAggConfig protocol = secagg_round_config(config, 5);
  for (int round = 1; round <= 3; ++round)
    for (int client = 0; client < 5; ++client)
      dropped += secure::drops_after(protocol, secure::SecAggStage::ShareKeys, round, client) ? 1 : 0;
  ASSERT_GT(dropped, 0) << "the seed must make some client drop for this test to mean anything";
  run_both_ways(config, "dropouts");
  expect_same_rounds("dropouts", 3);
}

TEST(NetworkedRun, RefusesUncertifiedAndExpiredClientsAndServesTheOthers) {
  const fl::Config config = three_clients({{"federation.rounds", "1"}});
  const RunPki pki, other_run;
  std::promise<uint16_t> port;
  auto server = serve_async(config, pki, scratch("refusing"), port);
  const uint16_t p = port.get_future().get();

  // Trusts the run's authority, but its own certificate comes from another one.
  const TlsCredentials uncertified = pki.with(other_run.authority.issue_client(0, days(-1, 30)));
  const TlsCredentials expired = pki.with(pki.authority.issue_client(1, days(-10, -1)));
  for (const TlsCredentials* bad : {&uncertified, &expired}) {
    const int id = bad == &uncertified ? 0 : 1;
    EXPECT_THROW(join(config, *bad, p, id), secure::NetworkError);
  }
  std::vector<std::future<int>> clients;
  for (int k = 0; k < 3; ++k)
    clients.push_back(std::async(std::launch::async, [&, k] { return join(config, pki.client(k), p, k); }));
  int answered = 0;
  for (auto& c : clients) answered += c.get();
  EXPECT_EQ(server.get().at("rounds"), 1);
  EXPECT_EQ(answered, 2);
}

TEST(NetworkedRun, SecureChannelsAcrossProcessesCarryTheInProcessRunsFrames) {
  // The model goes down and each update comes up sealed, with the keys the in-process run derives
  // from the seed: the frames are the same size, and TLS adds only its 4-byte length prefix to each.
  const fl::Config config = three_clients({{"transport.name", "channel"}});
  EXPECT_EQ(run_both_ways(config, "channel"), 3 * 2);
  expect_same_rounds("channel", 3);
  const auto local = rounds_of(scratch_path("channel/local")),
             networked = rounds_of(scratch_path("channel/networked"));
  for (size_t r = 0; r < local.size(); ++r) {
    const int64_t frames = static_cast<int64_t>(local[r].at("participants").size());
    for (const char* key : {"bytes_up", "bytes_down"})
      EXPECT_EQ(networked[r].at(key).get<int64_t>(), local[r].at(key).get<int64_t>() + 4 * frames)
          << key << " in round " << r + 1;
  }
}

TEST(NetworkedRun, RefusesATransportThatRunsOnlyInProcess) {
  fl::Registry registry = testing::registry();
  registry.add_transport("in-process-only",
                         [](const fl::Config&) { return std::make_unique<fl::InProcessTransport>(); });
  const fl::Config config =
      fl::Config::parse("", {{"transport.name", "in-process-only"}}, registry.schema(), "test");
  const RunPki pki;
  ServeOptions options;
  options.tls = quick();
  EXPECT_THROW(serve_experiment(config, registry, pki.server(), scratch("refused").string(), options),
               UsageError);
}

}  // namespace
}  // namespace fedsec::privacy
