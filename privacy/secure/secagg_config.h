#pragma once
// Parameters of one secure-aggregation round (SecAgg, Bonawitz et al. CCS 2017; SecAgg+, Bell et
// al. CCS 2020) and the public setup every party derives from them.

#include <cstdint>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "privacy/secure/neighbour_graph.h"

namespace fedsec::secure {

// The protocol's stages; a failed round names the stage it stopped in.
enum class SecAggStage : int {
  AdvertiseKeys = 0,
  ShareKeys = 1,
  MaskedInputCollection = 2,
  ConsistencyCheck = 3,
  Unmasking = 4,
};
const char* to_string(SecAggStage stage);

// Probability that a client disappears at each point of the protocol (independently per client,
// drawn from the seed). In the paper's notation U1 ⊇ U2 ⊇ U3 ⊇ U4 ⊇ U5:
struct DropoutRates {
  double after_advertise = 0.0;     // sent its keys, gone before sharing (in U1, not U2)
  double after_share = 0.0;         // sent its shares, gone before its masked input (U2, not U3)
  double after_masked_input = 0.0;  // sent its masked input, gone before the check (U3, not U4)
  double before_unmasking = 0.0;    // passed the check, gone before unmasking (U4, not U5)
};

struct SecAggConfig {
  // Harary degree k for SecAgg+; 0 selects SecAgg's complete graph.
  int degree = 0;
  // Shamir threshold t per neighbourhood (a client and its neighbours); 0 selects the default,
  // a strict majority of the neighbourhood: floor(m / 2) + 1 for neighbourhood size m.
  int threshold = 0;
  // Fixed-point clipping range [-clip, clip] and the number of summands the scale must allow
  // (0: the number of participants).
  double clip = 8.0;
  int max_summands = 0;
  DropoutRates dropout;
  // Seed of the graph permutation, the dropout draws and (unless system_randomness) all secrets.
  uint64_t seed = 0;
  // Draw keys, mask seeds and Shamir coefficients from OpenSSL's RAND_priv_bytes instead of the
  // seed. The aggregate is the same either way; only message bytes change.
  bool system_randomness = false;
  // Keep a copy of every byte string the server receives (for tests of what it learns).
  bool record_server_view = false;
};

// A configuration or input that cannot run (bad degree, threshold, input sizes).
class SecAggConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// What every party of a round knows: round number, participants (distinct client ids in the
// order the server sampled them), the neighbour graph over their positions, threshold, vector
// length. Built identically by the server and each client from public values.
class SecAggSetup {
 public:
  // Throws SecAggConfigError on a degree or threshold that does not fit the participant count.
  SecAggSetup(const SecAggConfig& config, int round, std::vector<int> participants, size_t dimension);

  int round() const { return round_; }
  const std::vector<int>& participants() const { return participants_; }
  int threshold() const { return threshold_; }
  size_t dimension() const { return dimension_; }
  bool is_participant(int client) const;
  // The Shamir evaluation point of a client: its position in participants() plus one.
  uint64_t share_point(int client) const { return static_cast<uint64_t>(position(client)) + 1; }
  // The client and its neighbours, ascending by id.
  const std::vector<int>& neighbourhood(int client) const { return neighbourhoods_[position(client)]; }
  bool in_neighbourhood(int client, int other) const;

 private:
  int position(int client) const;
  int round_;
  std::vector<int> participants_;
  std::unordered_map<int, int> positions_;
  std::vector<std::vector<int>> neighbourhoods_;
  int threshold_;
  size_t dimension_;
};

}  // namespace fedsec::secure
