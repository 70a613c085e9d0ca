#include "fl/components.h"

#include <stdexcept>

namespace fedsec::fl {
namespace {

template <typename T>
std::unique_ptr<T> build(const std::map<std::string, Registry::Factory<T>>& factories,
                         const std::string& name, const Config& config, const char* what) {
  auto it = factories.find(name);
  if (it == factories.end())
    throw std::logic_error(std::string("no ") + what + " registered as '" + name + "'");
  return it->second(config);
}

}  // namespace

void Registry::add_aggregator(const std::string& name, Factory<Aggregator> factory) {
  aggregators_[name] = std::move(factory);
  schema_.add_choice("server.aggregator", name);
}

void Registry::add_behaviour(const std::string& name, Factory<ClientBehaviour> factory) {
  behaviours_[name] = std::move(factory);
  schema_.add_choice("attack.behaviour", name);
}

void Registry::add_transform(const std::string& name, Factory<UpdateTransform> factory) {
  transforms_[name] = std::move(factory);
  schema_.add_choice("client.transforms", name);
  schema_.add_choice("server.transforms", name);
}

void Registry::add_strategy(const std::string& name, Factory<Strategy> factory) {
  strategies_[name] = std::move(factory);
  schema_.add_choice("federation.strategy", name);
}

void Registry::add_transport(const std::string& name, Factory<Transport> factory) {
  transports_[name] = std::move(factory);
  schema_.add_choice("transport.name", name);
}

void Registry::add_privacy(const std::string& name, PrivacyFactory factory) {
  privacy_[name] = std::move(factory);
  schema_.add_choice("dp.mode", name);
}

std::unique_ptr<PrivacyMechanism> Registry::make_privacy(const Config& config,
                                                         const std::vector<int64_t>& shard_sizes) const {
  const std::string& name = config.get_string("dp.mode");
  if (name == "none") return nullptr;
  auto it = privacy_.find(name);
  if (it == privacy_.end()) throw std::logic_error("no privacy mechanism registered as '" + name + "'");
  return it->second(config, shard_sizes);
}

std::unique_ptr<Aggregator> Registry::make_aggregator(const Config& config) const {
  return build(aggregators_, config.get_string("server.aggregator"), config, "aggregator");
}
std::unique_ptr<ClientBehaviour> Registry::make_behaviour(const std::string& name,
                                                          const Config& config) const {
  return build(behaviours_, name, config, "client behaviour");
}
std::unique_ptr<UpdateTransform> Registry::make_transform(const std::string& name,
                                                          const Config& config) const {
  return build(transforms_, name, config, "update transform");
}
std::unique_ptr<Strategy> Registry::make_strategy(const Config& config) const {
  return build(strategies_, config.get_string("federation.strategy"), config, "strategy");
}
std::unique_ptr<Transport> Registry::make_transport(const Config& config) const {
  return build(transports_, config.get_string("transport.name"), config, "transport");
}

Registry make_core_registry() {
  Registry registry;
  add_core_keys(registry.schema());
  registry.add_aggregator("mean", [](const Config&) { return std::make_unique<WeightedMeanAggregator>(); });
  registry.add_behaviour("honest", [](const Config&) { return std::make_unique<HonestClient>(); });
  registry.add_strategy("fedavg", [](const Config&) { return std::make_unique<FedAvgStrategy>(); });
  registry.add_strategy("fedsgd", [](const Config&) { return std::make_unique<FedSgdStrategy>(); });
  registry.add_transport("plain", [](const Config&) { return std::make_unique<InProcessTransport>(); });
  return registry;
}

}  // namespace fedsec::fl
