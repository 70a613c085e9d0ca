#pragma once
// `transport.name: secagg` and `secagg+`: the server learns only the sum of the round's updates,
// through one round of secure aggregation among the clients that offer one (SecAgg, Bonawitz et
// al., CCS 2017, over the complete graph; SecAgg+, Bell et al., CCS 2020, over a Harary graph of
// degree O(log n); privacy/secure/secagg_round.h). The global model goes down as plain bytes: it
// is public to the participants. Every protocol message is counted. Clients drop out at each
// stage with the transport.secagg.dropout.* rates; a round with too few survivors fails and the
// server leaves the model as it is. Keys and secrets derive from the experiment seed, so runs are
// reproducible.

#include "fl/components.h"
#include "fl/transport.h"
#include "privacy/secure/secagg_config.h"
#include "privacy/secure/secagg_round.h"

namespace fedsec::privacy {

class SecAggTransport final : public fl::Transport {
 public:
  // `harary`: SecAgg+; its degree is config.degree, or the default of order log n for the
  // round's participant count when config.degree is 0.
  SecAggTransport(secure::SecAggConfig config, bool harary);

  bool reveals_only_sum() const override { return true; }
  fl::Bytes to_client(int client, fl::Bytes bytes) override;
  // Updates travel only inside sum_to_server(); throws std::logic_error.
  fl::Bytes to_server(int client, fl::Bytes bytes) override;
  fl::SecureSum sum_to_server(int round, const std::vector<int>& clients,
                              const std::vector<std::vector<float>>& vectors) override;

  // The protocol's parameters for a round among `clients` participants.
  secure::SecAggConfig round_config(int clients) const;

 private:
  secure::SecAggConfig config_;
  bool harary_;
};

// Whether `config` names transport.name secagg or secagg+.
bool uses_secure_aggregation(const fl::Config& config);
// The protocol parameters of a secagg or secagg+ `config` for a round among `clients`
// participants, as SecAggTransport::round_config gives them.
secure::SecAggConfig secagg_round_config(const fl::Config& config, int clients);
// Throws fedsec::UsageError when the protocol of a secagg or secagg+ `config` cannot run for
// federation.clients_per_round participants (degree, threshold).
void check_secagg_config(const fl::Config& config);

// What the server learns from a round of secure aggregation that ran (successfully or not).
fl::SecureSum to_secure_sum(secure::SecAggResult result);
// A failed round for a protocol that cannot run among the round's participants.
fl::SecureSum unrunnable_round(const secure::SecAggConfigError& why);

// Adds the transport.secagg.* keys and the `secagg` and `secagg+` transports to the registry.
// The transports refuse a config that fails check_secagg_config when they are built.
void register_secagg_transports(fl::Registry& registry);

}  // namespace fedsec::privacy
