#include "privacy/secure/secagg_config.h"

#include <algorithm>
#include <string>

#include "fl/rng.h"

namespace fedsec::secure {

const char* to_string(SecAggStage stage) {
  switch (stage) {
    case SecAggStage::AdvertiseKeys:
      return "advertise keys";
    case SecAggStage::ShareKeys:
      return "share keys";
    case SecAggStage::MaskedInputCollection:
      return "masked input collection";
    case SecAggStage::ConsistencyCheck:
      return "consistency check";
    case SecAggStage::Unmasking:
      return "unmasking";
  }
  return "unknown";
}

SecAggSetup::SecAggSetup(const SecAggConfig& config, int round, std::vector<int> participants,
                         size_t dimension)
    : round_(round), participants_(std::move(participants)), dimension_(dimension) {
  const int n = static_cast<int>(participants_.size());
  if (n < 1) throw SecAggConfigError("secure aggregation needs at least one participant");
  for (int u = 0; u < n; ++u) {
    if (participants_[u] < 0 || !positions_.emplace(participants_[u], u).second) {
      throw SecAggConfigError("participants must be distinct non-negative client ids");
    }
  }
  if (config.degree < 0 || (config.degree > 0 && config.degree >= n)) {
    throw SecAggConfigError("secagg+ degree " + std::to_string(config.degree) + " must be in [1, " +
                            std::to_string(n - 1) + "] for " + std::to_string(n) + " participants");
  }
  const NeighbourGraph graph =
      config.degree == 0
          ? NeighbourGraph::complete(n)
          : NeighbourGraph::harary(n, config.degree, fl::derive_seed(config.seed, "secagg.graph", round));
  neighbourhoods_.resize(n);
  for (int u = 0; u < n; ++u) {
    auto& hood = neighbourhoods_[u];
    hood.push_back(participants_[u]);
    for (int v : graph.neighbours(u)) hood.push_back(participants_[v]);
    std::sort(hood.begin(), hood.end());
  }
  const int hood_size = config.degree == 0 ? n : config.degree + 1;
  threshold_ = config.threshold == 0 ? hood_size / 2 + 1 : config.threshold;
  if (threshold_ < 1 || threshold_ > hood_size) {
    throw SecAggConfigError("secagg threshold " + std::to_string(threshold_) + " must be in [1, " +
                            std::to_string(hood_size) + "] (the neighbourhood size)");
  }
}

int SecAggSetup::position(int client) const {
  auto it = positions_.find(client);
  if (it == positions_.end())
    throw std::out_of_range("client " + std::to_string(client) + " is not a participant");
  return it->second;
}

bool SecAggSetup::is_participant(int client) const { return positions_.count(client) != 0; }

bool SecAggSetup::in_neighbourhood(int client, int other) const {
  const auto& hood = neighbourhood(client);
  return std::binary_search(hood.begin(), hood.end(), other);
}

}  // namespace fedsec::secure
