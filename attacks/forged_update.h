#pragma once
// Shared pieces of attacks that forge their update instead of training: the reply they send, and
// the coordinate-wise statistics of the honest updates that omniscient attacks start from.

#include <mutex>

#include "fl/client_behaviour.h"

namespace fedsec::attacks {

// A reply carrying `update` and no training loss (NaN: the round's loss ignores it).
fl::ClientReply forged_reply(torch::Tensor update);

// Coordinate-wise mean and standard deviation (with Bessel's correction; 0 for a single row) of
// an h x d float32 matrix of honest updates, h >= 1.
struct HonestStatistics {
  torch::Tensor mean;
  torch::Tensor stddev;
};
HonestStatistics honest_statistics(const torch::Tensor& honest);

// Base of the omniscient attacks: every attacker of the round sends forge(honest updates), or a
// zero update in a round without honest participants (nothing to imitate). The attackers collude:
// the forged update is computed once per round and sent by each of them. Thread-safe.
class OmniscientAttack : public fl::ClientBehaviour {
 public:
  fl::ClientReply respond(fl::ClientContext& context) final;
  bool omniscient() const final { return true; }

 protected:
  // `honest` is h x d with h >= 1; the result is a d-vector. Depends only on `honest` and the
  // round's participant and attacker counts.
  virtual torch::Tensor forge(const torch::Tensor& honest, const fl::ClientContext& context) const = 0;

 private:
  std::mutex cache_mutex_;
  int cached_round_ = -1;
  torch::Tensor cached_;
};

}  // namespace fedsec::attacks
