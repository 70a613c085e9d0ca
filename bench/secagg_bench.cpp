// Client and server CPU time of one SecAgg and one SecAgg+ round (run_secure_aggregation, all
// parties on this thread, each party's time measured separately), beside a plain round in which
// each client sends its float vector and the server sums them. For each n: SecAgg (complete
// graph), SecAgg+ (Harary graph of the default degree), each without dropouts and with 10% of
// clients dropping after sharing their keys (the costly case for the server, which must
// reconstruct their mask keys and remove the pairwise masks their neighbours added). Client time
// is the median over the clients that completed the round; every figure is the median over
// repetitions of the same seeded round; "upload x plain" is the mean bytes a client sent over the
// 4d bytes of its float vector. Rows are printed as each configuration finishes.
//
//   build/bench/fedsec_secagg_bench [repetitions] [n,n,...] [d]     (defaults: 3 10,100,500 100000)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "privacy/secure/neighbour_graph.h"
#include "privacy/secure/secagg_round.h"

namespace {

using namespace fedsec::secure;

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double sum(const StageSeconds& s) { return s[0] + s[1] + s[2] + s[3] + s[4]; }

struct RoundTimes {
  double client = 0.0;  // median over the clients that completed the round
  double server = 0.0;
  StageSeconds server_stages{};
  int contributors = 0;
  bool ok = true;
  double upload = 1.0;  // mean bytes a client sent, over the plain round's d * 4
};

RoundTimes median_over(const std::vector<RoundTimes>& runs) {
  RoundTimes m = runs.front();
  std::vector<double> client, server;
  for (const RoundTimes& r : runs) {
    client.push_back(r.client);
    server.push_back(r.server);
  }
  m.client = median(client);
  m.server = median(server);
  for (int s = 0; s < 5; ++s) {
    std::vector<double> stage;
    for (const RoundTimes& r : runs) stage.push_back(r.server_stages[s]);
    m.server_stages[s] = median(stage);
  }
  return m;
}

// Each client serializes its update; the server reads every message and sums.
RoundTimes plain_round(const std::vector<std::vector<float>>& inputs) {
  const size_t d = inputs.front().size();
  RoundTimes t;
  std::vector<Bytes> messages;
  std::vector<double> client;
  for (const auto& x : inputs) {
    const double start = thread_cpu_seconds();
    Bytes msg(d * sizeof(float));
    std::memcpy(msg.data(), x.data(), msg.size());
    messages.push_back(std::move(msg));
    client.push_back(thread_cpu_seconds() - start);
  }
  const double start = thread_cpu_seconds();
  std::vector<float> total(d, 0.0f);
  for (const Bytes& msg : messages) {
    for (size_t j = 0; j < d; ++j) {
      float v;
      std::memcpy(&v, msg.data() + sizeof(float) * j, sizeof(float));
      total[j] += v;
    }
  }
  t.server = thread_cpu_seconds() - start;
  t.server_stages[4] = t.server;
  t.client = median(client);
  t.contributors = static_cast<int>(inputs.size());
  return t;
}

RoundTimes secagg_round(const SecAggConfig& config, const std::vector<int>& participants,
                        const std::vector<std::vector<float>>& inputs) {
  const SecAggResult r = run_secure_aggregation(config, 1, participants, inputs);
  RoundTimes t;
  t.ok = r.ok;
  t.contributors = static_cast<int>(r.contributors.size());
  std::set<int> dropped;
  for (const auto& stage : r.dropped) dropped.insert(stage.begin(), stage.end());
  std::vector<double> client;
  for (const auto& [c, seconds] : r.client_cpu_seconds) {
    if (!dropped.count(c)) client.push_back(sum(seconds));
  }
  t.client = median(client);
  t.server_stages = r.server_cpu_seconds;
  t.server = sum(r.server_cpu_seconds);
  t.upload = bytes_per_client(r).mean_up / (sizeof(float) * static_cast<double>(inputs.front().size()));
  return t;
}

std::vector<int> parse_list(const char* s) {
  std::vector<int> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::atoi(item.c_str()));
  return out;
}

void print_row(const char* protocol, int n, int k, const char* dropout, const RoundTimes& t,
               const RoundTimes& plain) {
  const StageSeconds& s = t.server_stages;
  std::printf(
      "| %s | %d | %s | %s | %s | %d | %.4f | %.1f | %.4f | %.1f | %.3f / %.3f / %.3f / %.3f / %.3f | %.4f "
      "|\n",
      protocol, n, k > 0 ? std::to_string(k).c_str() : "-", dropout, t.ok ? "yes" : "no", t.contributors,
      t.client, t.client / plain.client, t.server, t.server / plain.server, s[0], s[1], s[2], s[3], s[4],
      t.upload);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const int repetitions = argc > 1 ? std::atoi(argv[1]) : 3;
  const std::vector<int> ns = parse_list(argc > 2 ? argv[2] : "10,100,500");
  const size_t d = argc > 3 ? static_cast<size_t>(std::atol(argv[3])) : 100000;
  if (repetitions < 1 || ns.empty() || d == 0) {
    std::fprintf(stderr, "usage: fedsec_secagg_bench [repetitions] [n,n,...] [d]\n");
    return 2;
  }
  std::printf("d = %zu, median of %d repetitions, CPU seconds of one thread\n\n", d, repetitions);
  std::printf(
      "| protocol | n | k | dropout | ok | contributors | client s | x plain | server s | x plain "
      "| server s by stage (keys / shares / masked / check / unmask) | upload x plain |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const int n : ns) {
    std::mt19937_64 rng(static_cast<uint64_t>(n));
    std::uniform_real_distribution<float> value(-1.0f, 1.0f);
    std::vector<std::vector<float>> inputs(n, std::vector<float>(d));
    for (auto& x : inputs) {
      for (auto& v : x) v = value(rng);
    }
    std::vector<int> participants(n);
    for (int i = 0; i < n; ++i) participants[i] = i;

    std::vector<RoundTimes> runs;
    for (int r = 0; r < repetitions; ++r) runs.push_back(plain_round(inputs));
    const RoundTimes plain = median_over(runs);
    print_row("plain", n, 0, "0", plain, plain);

    for (const bool plus : {false, true}) {
      for (const double rate : {0.0, 0.1}) {
        SecAggConfig config;
        config.degree = plus ? default_harary_degree(n) : 0;
        config.seed = 1;
        config.dropout.after_share = rate;
        runs.clear();
        for (int r = 0; r < repetitions; ++r) runs.push_back(secagg_round(config, participants, inputs));
        print_row(plus ? "SecAgg+" : "SecAgg", n, config.degree, rate > 0 ? "10%" : "0", median_over(runs),
                  plain);
      }
    }
  }
  return 0;
}
