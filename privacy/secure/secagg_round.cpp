#include "privacy/secure/secagg_round.h"

#include <algorithm>
#include <ctime>
#include <functional>
#include <memory>
#include <set>

#include <spdlog/spdlog.h>

#include "fl/rng.h"
#include "privacy/secure/secagg_client.h"
#include "privacy/secure/secagg_server.h"

namespace fedsec::secure {
namespace {

constexpr std::array<const char*, 4> kDropPurposes = {
    "secagg.drop.after_advertise", "secagg.drop.after_share", "secagg.drop.after_masked_input",
    "secagg.drop.before_unmasking"};

void check_rate(double p, const char* name) {
  if (!(p >= 0.0 && p <= 1.0)) throw SecAggConfigError(std::string("dropout.") + name + " must be in [0, 1]");
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Runs f() and adds the CPU time it took to `seconds`.
template <typename F>
auto timed(double& seconds, F&& f) {
  const double start = thread_cpu_seconds();
  auto out = f();
  seconds += thread_cpu_seconds() - start;
  return out;
}

// The participants as objects of this process: carries the messages of one round, counts them,
// times each client's answers and draws the dropouts.
class LocalClients final : public SecAggClientGroup {
 public:
  LocalClients(const SecAggConfig& config, const SecAggSetup& setup, const FixedPointCodec& codec,
               const std::vector<std::vector<float>>& inputs, SecAggResult& result)
      : config_(config), round_(setup.round()), result_(result) {
    const Randomness random =
        config.system_randomness ? Randomness::system() : Randomness::seeded(config.seed);
    const std::vector<int>& participants = setup.participants();
    for (size_t i = 0; i < participants.size(); ++i) {
      const int c = participants[i];
      result_.traffic[c] = ClientTraffic{};
      result_.client_cpu_seconds[c] = StageSeconds{};
      clients_[c] = timed(result_.client_cpu_seconds[c][0], [&] {
        return std::make_unique<SecAggClient>(setup, c, codec.encode(inputs[i]), random);
      });
      alive_.insert(c);
    }
  }

  std::map<int, Bytes> step(SecAggStage stage, const std::map<int, Bytes>* replies) override {
    const auto s = static_cast<size_t>(stage);
    std::map<int, Bytes> inbox;
    for (int c : alive_) {
      const Bytes* reply = nullptr;
      if (replies) {
        auto it = replies->find(c);
        if (it == replies->end()) continue;  // the server no longer talks to c
        reply = &it->second;
        result_.traffic[c][s - 1].down += static_cast<int64_t>(reply->size());
      }
      Bytes msg = timed(result_.client_cpu_seconds[c][s], [&] { return answer(*clients_[c], stage, reply); });
      result_.traffic[c][s].up += static_cast<int64_t>(msg.size());
      if (config_.record_server_view) result_.server_view.push_back(msg);
      inbox.emplace(c, std::move(msg));
    }
    if (stage != SecAggStage::Unmasking) drop_after(stage);
    return inbox;
  }

 private:
  static Bytes answer(SecAggClient& client, SecAggStage stage, const Bytes* reply) {
    switch (stage) {
      case SecAggStage::AdvertiseKeys:
        return client.advertise_keys();
      case SecAggStage::ShareKeys:
        return client.share_keys(*reply);
      case SecAggStage::MaskedInputCollection:
        return client.masked_input(*reply);
      case SecAggStage::ConsistencyCheck:
        return client.consistency_check(*reply);
      case SecAggStage::Unmasking:
        return client.unmask(*reply);
    }
    throw std::logic_error("unknown secure-aggregation stage");
  }

  void drop_after(SecAggStage stage) {
    for (auto it = alive_.begin(); it != alive_.end();) {
      if (drops_after(config_, stage, round_, *it)) {
        result_.dropped[static_cast<size_t>(stage)].push_back(*it);
        it = alive_.erase(it);
      } else {
        ++it;
      }
    }
  }

  const SecAggConfig& config_;
  int round_;
  SecAggResult& result_;
  std::map<int, std::unique_ptr<SecAggClient>> clients_;
  std::set<int> alive_;
};

}  // namespace

FixedPointCodec round_codec(const SecAggConfig& config, size_t participants) {
  return FixedPointCodec(config.clip,
                         config.max_summands > 0 ? config.max_summands : static_cast<int>(participants));
}

bool drops_after(const SecAggConfig& config, SecAggStage stage, int round, int client) {
  const auto which = static_cast<size_t>(stage);
  const double rates[4] = {config.dropout.after_advertise, config.dropout.after_share,
                           config.dropout.after_masked_input, config.dropout.before_unmasking};
  if (which >= 4 || rates[which] <= 0.0) return false;
  fl::Rng rng = fl::make_rng(config.seed, kDropPurposes[which], round, client);
  return fl::uniform_unit(rng) < rates[which];
}

void serve_secure_aggregation(const SecAggSetup& setup, const FixedPointCodec& codec,
                              SecAggClientGroup& clients, SecAggResult& result) {
  result.scale = codec.scale();
  SecAggServer server(setup);
  double* server_seconds = result.server_cpu_seconds.data();
  SecAggStage stage = SecAggStage::AdvertiseKeys;
  try {
    auto inbox = clients.step(stage, nullptr);
    auto replies = timed(server_seconds[0], [&] { return server.collect_keys(inbox); });

    stage = SecAggStage::ShareKeys;
    inbox = clients.step(stage, &replies);
    replies = timed(server_seconds[1], [&] { return server.collect_shares(inbox); });

    stage = SecAggStage::MaskedInputCollection;
    inbox = clients.step(stage, &replies);
    replies = timed(server_seconds[2], [&] { return server.collect_masked_inputs(inbox); });

    stage = SecAggStage::ConsistencyCheck;
    inbox = clients.step(stage, &replies);
    replies = timed(server_seconds[3], [&] { return server.collect_acks(inbox); });

    stage = SecAggStage::Unmasking;
    inbox = clients.step(stage, &replies);
    result.encoded_sum = timed(server_seconds[4], [&] { return server.unmask(inbox); });
  } catch (const ProtocolAbort& e) {
    result.failed_stage = e.stage();
    result.error = std::string(to_string(e.stage())) + ": " + e.what();
  } catch (const std::exception& e) {  // FormatError from a client, CryptoError
    result.failed_stage = stage;
    result.error = std::string(to_string(stage)) + ": " + e.what();
  }
  result.contributors = server.contributors();
  if (result.failed_stage) {
    spdlog::warn("secagg round {} failed in {}", setup.round(), result.error);
    result.contributors.clear();
    return;
  }
  result.ok = true;
  result.sum = timed(server_seconds[4], [&] { return codec.decode_sum(result.encoded_sum); });
  result.error_bound = codec.error_bound(static_cast<int>(result.contributors.size()));
}

SecAggResult run_secure_aggregation(const SecAggConfig& config, int round,
                                    const std::vector<int>& participants,
                                    const std::vector<std::vector<float>>& inputs) {
  if (inputs.size() != participants.size()) {
    throw SecAggConfigError("got " + std::to_string(inputs.size()) + " inputs for " +
                            std::to_string(participants.size()) + " participants");
  }
  const size_t d = inputs.empty() ? 0 : inputs.front().size();
  for (const auto& x : inputs) {
    if (x.size() != d) throw SecAggConfigError("inputs differ in length");
  }
  check_rate(config.dropout.after_advertise, "after_advertise");
  check_rate(config.dropout.after_share, "after_share");
  check_rate(config.dropout.after_masked_input, "after_masked_input");
  check_rate(config.dropout.before_unmasking, "before_unmasking");
  const SecAggSetup setup(config, round, participants, d);
  const FixedPointCodec codec = round_codec(config, participants.size());
  SecAggResult result;
  LocalClients clients(config, setup, codec, inputs, result);
  serve_secure_aggregation(setup, codec, clients, result);
  return result;
}

TrafficSummary bytes_per_client(const SecAggResult& result) {
  TrafficSummary s;
  if (result.traffic.empty()) return s;
  for (const auto& [client, stages] : result.traffic) {
    int64_t up = 0, down = 0;
    for (const StageBytes& b : stages) {
      up += b.up;
      down += b.down;
    }
    s.mean_up += static_cast<double>(up);
    s.mean_down += static_cast<double>(down);
    s.max_up = std::max(s.max_up, up);
    s.max_down = std::max(s.max_down, down);
  }
  s.mean_up /= static_cast<double>(result.traffic.size());
  s.mean_down /= static_cast<double>(result.traffic.size());
  return s;
}

}  // namespace fedsec::secure
