#pragma once
// The simulator's DP mechanisms (dp.mode), each with its accounting:
//   sample  DP-SGD in every client (Abadi et al. 2016): record-level DP of each client's
//           released updates. Accounted per client for a client that takes part in every round
//           (no amplification by client sampling is claimed), with q = batch / shard size and
//           the client's local steps; the reported epsilon is the largest over clients.
//   client  DP-FedAvg (McMahan et al., ICLR 2018): each update clipped to dp.clip, the server adds
//           N(0, (z * clip)^2) to the sum and divides by the fixed expected number of participants
//           m = federation.clients_per_round (uniform weights). Client-level DP, accounted as a
//           sampled Gaussian with q = m / clients, one release per round.
//   local   each client clips its update and adds N(0, (z * clip)^2) itself before sending, so
//           the server never sees an un-noised update. Client-level DP against the server,
//           accounted with q = 1 for a client that takes part in every round.
//   distributed  each client clips its update and adds N(0, (z * clip)^2 / k), k =
//           dp.min_contributors, before secure aggregation masks it (transport.name: secagg or
//           secagg+, required); a sum of at least k contributors carries client mode's noise, so
//           it is accounted as client mode; rounds with fewer contributors are withheld. The
//           fixed-point rounding and range clipping of secure aggregation happen after the noise
//           and are not accounted (see docs/privacy.md).
// With dp.target_epsilon > 0 the noise multiplier is calibrated before training so that the
// guarantee after federation.rounds rounds meets the target.

#include <memory>
#include <vector>

#include "fl/components.h"

namespace fedsec::privacy {

// Adds the dp.* keys and the mechanisms to the registry.
void register_dp_mechanisms(fl::Registry& registry);

// The mechanism dp.mode names (not "none"), for clients with the given shard sizes. Throws
// fedsec::UsageError when the config combines it with something it cannot protect.
std::unique_ptr<fl::PrivacyMechanism> make_dp_mechanism(const fl::Config& config,
                                                        const std::vector<int64_t>& shard_sizes);

}  // namespace fedsec::privacy
