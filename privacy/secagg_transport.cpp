#include "privacy/secagg_transport.h"

#include <limits>
#include <numeric>
#include <stdexcept>

#include "fl/components.h"
#include "fl/errors.h"
#include "fl/rng.h"
#include "privacy/secure/secagg_round.h"

namespace fedsec::privacy {

SecAggTransport::SecAggTransport(secure::SecAggConfig config, bool harary)
    : config_(std::move(config)), harary_(harary) {}

secure::SecAggConfig SecAggTransport::round_config(int clients) const {
  secure::SecAggConfig c = config_;
  if (harary_ && c.degree == 0) c.degree = secure::default_harary_degree(clients);
  if (!harary_) c.degree = 0;
  return c;
}

fl::Bytes SecAggTransport::to_client(int, fl::Bytes bytes) {
  count_down(static_cast<int64_t>(bytes.size()));
  return bytes;
}

fl::Bytes SecAggTransport::to_server(int, fl::Bytes) {
  throw std::logic_error("secure aggregation carries updates only as a round's sum");
}

fl::SecureSum SecAggTransport::sum_to_server(int round, const std::vector<int>& clients,
                                             const std::vector<std::vector<float>>& vectors) {
  secure::SecAggResult result;
  try {
    result = secure::run_secure_aggregation(round_config(static_cast<int>(clients.size())), round, clients,
                                            vectors);
  } catch (const secure::SecAggConfigError& e) {
    return unrunnable_round(e);
  }
  for (const auto& [client, stages] : result.traffic)
    for (const auto& stage : stages) {
      count_up(stage.up);
      count_down(stage.down);
    }
  return to_secure_sum(std::move(result));
}

fl::SecureSum to_secure_sum(secure::SecAggResult result) {
  fl::SecureSum out;
  out.ok = result.ok;
  out.error = std::move(result.error);
  out.contributors = std::move(result.contributors);
  out.sum = std::move(result.sum);
  out.error_bound = result.error_bound;
  return out;
}

fl::SecureSum unrunnable_round(const secure::SecAggConfigError& why) {
  fl::SecureSum out;
  out.error = std::string("secure aggregation cannot run this round: ") + why.what();
  return out;
}

namespace {

constexpr const char* kDropoutKeys[4][2] = {
    {"transport.secagg.dropout.after_advertise", "sent its keys, gone before sharing them"},
    {"transport.secagg.dropout.after_share", "sent its key shares, gone before its masked input"},
    {"transport.secagg.dropout.after_masked_input",
     "sent its masked input, gone before the consistency check"},
    {"transport.secagg.dropout.before_unmasking", "passed the check, gone before unmasking"}};

secure::SecAggConfig secagg_config_from(const fl::Config& c) {
  secure::SecAggConfig s;
  s.degree = static_cast<int>(c.get_int("transport.secagg.degree"));
  s.threshold = static_cast<int>(c.get_int("transport.secagg.threshold"));
  s.clip = c.get_double("transport.secagg.clip");
  s.dropout.after_advertise = c.get_double(kDropoutKeys[0][0]);
  s.dropout.after_share = c.get_double(kDropoutKeys[1][0]);
  s.dropout.after_masked_input = c.get_double(kDropoutKeys[2][0]);
  s.dropout.before_unmasking = c.get_double(kDropoutKeys[3][0]);
  s.seed = fl::derive_seed(static_cast<uint64_t>(c.get_int("seed")), "secagg-transport");
  return s;
}

bool is_harary(const fl::Config& c) { return c.get_string("transport.name") == "secagg+"; }

std::unique_ptr<fl::Transport> make_secagg(const fl::Config& c) {
  check_secagg_config(c);
  return std::make_unique<SecAggTransport>(secagg_config_from(c), is_harary(c));
}

}  // namespace

bool uses_secure_aggregation(const fl::Config& config) {
  const std::string& name = config.get_string("transport.name");
  return name == "secagg" || name == "secagg+";
}

secure::SecAggConfig secagg_round_config(const fl::Config& config, int clients) {
  return SecAggTransport(secagg_config_from(config), is_harary(config)).round_config(clients);
}

void check_secagg_config(const fl::Config& config) {
  // A full round's setup must be valid; rounds with fewer clients are checked as they come.
  const int m = static_cast<int>(config.get_int("federation.clients_per_round"));
  std::vector<int> participants(static_cast<size_t>(m));
  std::iota(participants.begin(), participants.end(), 0);
  try {
    secure::SecAggSetup setup(secagg_round_config(config, m), 1, participants, 1);
  } catch (const secure::SecAggConfigError& e) {
    throw UsageError("transport.name: " + config.get_string("transport.name") + " with " + std::to_string(m) +
                     " clients per round: " + e.what());
  }
}

void register_secagg_transports(fl::Registry& registry) {
  auto& s = registry.schema();
  s.add(fl::make_key("transport.secagg.clip", fl::KeyType::Float, "8.0",
                     "Fixed-point range [-clip, clip] of every summed value: an update coordinate times its "
                     "client's weight (sample count over the mean shard size). Values beyond are clipped.",
                     0, std::numeric_limits<double>::infinity(), true));
  s.add(fl::make_key("transport.secagg.threshold", fl::KeyType::Int, "0",
                     "Shamir threshold t per neighbourhood; 0: a strict majority of the neighbourhood.", 0));
  s.add(fl::make_key("transport.secagg.degree", fl::KeyType::Int, "0",
                     "`secagg+` only: degree k of the Harary neighbour graph; 0: the smallest even k >= 2 "
                     "ceil(log2 n), capped at n - 1.",
                     0));
  for (const auto& [key, when] : kDropoutKeys)
    s.add(fl::make_key(
        key, fl::KeyType::Float, "0.0",
        std::string("Probability that a client drops out of secure aggregation: ") + when + ".", 0, 1));
  registry.add_transport("secagg", make_secagg);
  registry.add_transport("secagg+", make_secagg);
}

}  // namespace fedsec::privacy
