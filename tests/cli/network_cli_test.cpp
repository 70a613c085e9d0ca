// `fedsec certs`, `fedsec serve` and `fedsec join` as separate processes on loopback: the
// networked run writes what `fedsec run` writes, and bad input exits with the documented codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "support/temp_dir.h"

namespace fedsec::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const char* kThreeClients =
    "data: {max_train_samples: 300, max_test_samples: 200}\n"
    "model: {name: logreg}\n"
    "partition: {name: iid, num_clients: 3}\n"
    "federation: {rounds: 3, clients_per_round: 2}\n";

std::vector<nlohmann::json> rounds_of(const fs::path& dir) { return read_jsonl(dir / "rounds.jsonl"); }

TEST(NetworkCli, ServeAndThreeJoiningProcessesTrainWhatRunTrains) {
  const fs::path dir = fresh_temp_dir("network_cli/run");
  const std::string config = (dir / "tiny.yaml").string();
  std::ofstream(config) << kThreeClients;
  ASSERT_EQ(run_fedsec("certs --out " + (dir / "certs").string() + " --clients 3").exit_code, 0);
  ASSERT_EQ(run_fedsec("run " + config + " --out " + (dir / "local").string()).exit_code, 0);

  // The server listens on a port the system picks and writes it to a file the clients read.
  const std::string fedsec = FEDSEC_CLI_PATH, d = dir.string();
  const std::string script =
      "set -u; " + fedsec + " serve " + config + " --certs " + d + "/certs --out " + d + "/served --port 0 " +
      "--port-file " + d + "/port --wait 60 --timeout 60 > " + d + "/serve.log 2>&1 & server=$!; " +
      "for i in $(seq 600); do [ -s " + d + "/port ] && break; sleep 0.1; done; port=$(cat " + d +
      "/port); " + "pids=; for k in 0 1 2; do " + fedsec + " join " + config + " --certs " + d +
      "/certs --client-id $k --port $port --timeout 60 > " + d +
      "/join$k.log 2>&1 & pids=\"$pids $!\"; done; " +
      "rc=0; for p in $pids; do wait $p || rc=1; done; wait $server || rc=1; exit $rc";
  const int status = std::system(("bash -c '" + script + "'").c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "see the logs in " << d;

  const auto local = rounds_of(dir / "local"), served = rounds_of(dir / "served");
  ASSERT_EQ(local.size(), 3u);
  ASSERT_EQ(served.size(), local.size());
  for (size_t r = 0; r < local.size(); ++r)
    for (const char* key : {"participants", "train_loss", "test_loss", "test_accuracy"})
      EXPECT_EQ(local[r].at(key), served[r].at(key)) << key << " in round " << r + 1;
}

TEST(NetworkCli, BadInputExitsWithClearErrors) {
  const fs::path dir = fresh_temp_dir("network_cli/errors");
  const std::string config = (dir / "tiny.yaml").string();
  std::ofstream(config) << kThreeClients;
  const std::string certs = (dir / "certs").string();
  ASSERT_EQ(run_fedsec("certs --out " + certs + " --clients 3").exit_code, 0);

  auto r = run_fedsec("join " + config + " --certs " + certs + " --client-id 0");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("--port"));

  r = run_fedsec("join " + config + " --certs " + (dir / "missing").string() + " --client-id 0 --port 9");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("ca.pem"));
}

}  // namespace
}  // namespace fedsec::testing
