#pragma once
// Partitioners: split a labelled dataset's sample indices among simulated clients.
// All are deterministic functions of their inputs and seed. Every partitioner returns
// disjoint shards that together cover all samples, in ascending index order within a shard.

#include <cstdint>
#include <string>
#include <vector>

namespace fedsec::fl {

using Shards = std::vector<std::vector<int64_t>>;

// Uniformly random split into num_clients shards whose sizes differ by at most one.
Shards partition_iid(int64_t num_samples, int num_clients, uint64_t seed);

// Label skew: for each class, proportions over clients drawn from Dirichlet(alpha) and the
// class's samples split accordingly (Hsu et al. 2019). Smaller alpha means more skew. Redraws
// (up to a bounded number of times) until every client has at least min_samples samples;
// throws std::invalid_argument if that is impossible (min_samples * num_clients > samples).
Shards partition_dirichlet(const std::vector<int>& labels, int num_classes, int num_clients, double alpha,
                           int min_samples, uint64_t seed);

// Pathological split (McMahan et al. 2017): sort by label, cut into num_clients*shards_per_client
// equal shards, give each client shards_per_client random shards.
Shards partition_shards(const std::vector<int>& labels, int num_clients, int shards_per_client,
                        uint64_t seed);

// Quantity skew: IID labels, shard sizes proportional to a Dirichlet(alpha) draw over clients,
// each client keeping at least min_samples samples.
Shards partition_quantity_skew(int64_t num_samples, int num_clients, double alpha, int min_samples,
                               uint64_t seed);

}  // namespace fedsec::fl
