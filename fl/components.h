#pragma once
// The registry of named components: every aggregator, client behaviour, update transform,
// strategy and transport is built by name from a Config, so that each one is reachable from a
// YAML file and a sweep without the command line knowing about it. Registering a component also
// adds its name to the allowed values of the config key that selects it; components add their
// own parameter keys to schema().

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "fl/aggregator.h"
#include "fl/client_behaviour.h"
#include "fl/config.h"
#include "fl/config_schema.h"
#include "fl/privacy_mechanism.h"
#include "fl/strategy.h"
#include "fl/transport.h"
#include "fl/update_transform.h"

namespace fedsec::fl {

class Registry {
 public:
  template <typename T>
  using Factory = std::function<std::unique_ptr<T>(const Config&)>;

  ConfigSchema& schema() { return schema_; }
  const ConfigSchema& schema() const { return schema_; }

  void add_aggregator(const std::string& name, Factory<Aggregator> factory);      // server.aggregator
  void add_behaviour(const std::string& name, Factory<ClientBehaviour> factory);  // attack.behaviour
  void add_transform(const std::string& name, Factory<UpdateTransform> factory);  // *.transforms items
  void add_strategy(const std::string& name, Factory<Strategy> factory);          // federation.strategy
  void add_transport(const std::string& name, Factory<Transport> factory);        // transport.name
  // dp.mode; the factory also receives the client shard sizes, which sampling rates depend on.
  using PrivacyFactory = std::function<std::unique_ptr<PrivacyMechanism>(
      const Config&, const std::vector<int64_t>& shard_sizes)>;
  void add_privacy(const std::string& name, PrivacyFactory factory);

  // Build the component a config selects; names were validated when the config was parsed.
  std::unique_ptr<Aggregator> make_aggregator(const Config& config) const;
  std::unique_ptr<ClientBehaviour> make_behaviour(const std::string& name, const Config& config) const;
  std::unique_ptr<UpdateTransform> make_transform(const std::string& name, const Config& config) const;
  std::unique_ptr<Strategy> make_strategy(const Config& config) const;
  std::unique_ptr<Transport> make_transport(const Config& config) const;
  // nullptr for dp.mode: none.
  std::unique_ptr<PrivacyMechanism> make_privacy(const Config& config,
                                                 const std::vector<int64_t>& shard_sizes) const;

 private:
  ConfigSchema schema_;
  std::map<std::string, Factory<Aggregator>> aggregators_;
  std::map<std::string, Factory<ClientBehaviour>> behaviours_;
  std::map<std::string, Factory<UpdateTransform>> transforms_;
  std::map<std::string, Factory<Strategy>> strategies_;
  std::map<std::string, Factory<Transport>> transports_;
  std::map<std::string, PrivacyFactory> privacy_;
};

// Declares the simulator's own config keys (seed, data, partition, model, client, federation,
// server, transport, attack, output) in schema.
void add_core_keys(ConfigSchema& schema);

// A registry holding the core keys and fl/'s own components: the mean aggregator, the honest
// client, FedAvg and FedSGD, the in-process transport. Other folders add theirs (see fedsec.h).
Registry make_core_registry();

}  // namespace fedsec::fl
