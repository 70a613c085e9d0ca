#include "fl/partition.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <utility>

#include "fl/rng.h"

namespace fedsec::fl {
namespace {

// How many Dirichlet label-skew draws partition_dirichlet tries before giving up on min_samples.
constexpr int kMaxDirichletDraws = 100;

[[noreturn]] void invalid(const char* function, const std::string& problem) {
  throw std::invalid_argument(std::string(function) + ": " + problem);
}

void check_clients(const char* function, int num_clients) {
  if (num_clients < 1) invalid(function, "num_clients must be >= 1, got " + std::to_string(num_clients));
}

void check_alpha(const char* function, double alpha) {
  if (!(alpha > 0) || !std::isfinite(alpha)) {
    invalid(function, "alpha must be positive and finite, got " + std::to_string(alpha));
  }
}

void check_min_samples(const char* function, int min_samples, int num_clients, int64_t num_samples) {
  if (min_samples < 0) invalid(function, "min_samples must be >= 0, got " + std::to_string(min_samples));
  if (int64_t{min_samples} * num_clients > num_samples) {
    invalid(function, "cannot give each of " + std::to_string(num_clients) + " clients " +
                          std::to_string(min_samples) + " samples out of " + std::to_string(num_samples));
  }
}

// Fisher-Yates with uniform_below, so the order is the same on every standard library.
void shuffle(std::vector<int64_t>& items, Rng& rng) {
  for (size_t i = items.size(); i > 1; --i) {
    std::swap(items[i - 1], items[uniform_below(rng, i)]);
  }
}

std::vector<int64_t> iota_indices(int64_t n) {
  std::vector<int64_t> indices(static_cast<size_t>(n));
  std::iota(indices.begin(), indices.end(), int64_t{0});
  return indices;
}

// A Dirichlet(alpha, ..., alpha) draw of dimension n via normalized gamma variates. If every
// variate underflows to zero (possible for tiny alpha), returns the limit as alpha -> 0: a
// uniformly chosen vertex.
std::vector<double> draw_dirichlet(Rng& rng, std::gamma_distribution<double>& gamma, int n) {
  std::vector<double> p(static_cast<size_t>(n));
  double sum = 0;
  for (double& x : p) {
    x = gamma(rng);
    sum += x;
  }
  if (sum > 0) {
    for (double& x : p) x /= sum;
  } else {
    p[uniform_below(rng, static_cast<uint64_t>(n))] = 1;
  }
  return p;
}

// Splits total items into counts proportional to p (which sums to 1), cutting at the floors of
// the cumulative proportions; the counts sum to exactly total.
std::vector<int64_t> split_counts(const std::vector<double>& p, int64_t total) {
  std::vector<int64_t> counts(p.size());
  double cumulative = 0;
  int64_t previous_cut = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    cumulative += p[i];
    const int64_t cut =
        i + 1 == p.size()
            ? total
            : std::clamp(static_cast<int64_t>(cumulative * static_cast<double>(total)), previous_cut, total);
    counts[i] = cut - previous_cut;
    previous_cut = cut;
  }
  return counts;
}

// Cuts items into consecutive pieces of the given sizes and sorts each piece.
Shards cut_sorted(const std::vector<int64_t>& items, const std::vector<int64_t>& sizes) {
  Shards shards(sizes.size());
  auto next = items.begin();
  for (size_t c = 0; c < sizes.size(); ++c) {
    shards[c].assign(next, next + sizes[c]);
    next += sizes[c];
    std::sort(shards[c].begin(), shards[c].end());
  }
  return shards;
}

}  // namespace

Shards partition_iid(int64_t num_samples, int num_clients, uint64_t seed) {
  constexpr const char* kFn = "partition_iid";
  check_clients(kFn, num_clients);
  if (num_samples < 0) invalid(kFn, "num_samples must be >= 0, got " + std::to_string(num_samples));
  Rng rng = make_rng(seed, "partition.iid");
  std::vector<int64_t> order = iota_indices(num_samples);
  shuffle(order, rng);
  std::vector<int64_t> sizes(static_cast<size_t>(num_clients), num_samples / num_clients);
  for (int64_t c = 0; c < num_samples % num_clients; ++c) ++sizes[c];
  return cut_sorted(order, sizes);
}

Shards partition_dirichlet(const std::vector<int>& labels, int num_classes, int num_clients, double alpha,
                           int min_samples, uint64_t seed) {
  constexpr const char* kFn = "partition_dirichlet";
  check_clients(kFn, num_clients);
  check_alpha(kFn, alpha);
  if (num_classes < 1) invalid(kFn, "num_classes must be >= 1, got " + std::to_string(num_classes));
  const auto num_samples = static_cast<int64_t>(labels.size());
  check_min_samples(kFn, min_samples, num_clients, num_samples);
  std::vector<std::vector<int64_t>> by_class(static_cast<size_t>(num_classes));
  for (int64_t i = 0; i < num_samples; ++i) {
    const int label = labels[i];
    if (label < 0 || label >= num_classes) {
      invalid(kFn, "label " + std::to_string(label) + " at index " + std::to_string(i) +
                       " is out of range [0, " + std::to_string(num_classes) + ")");
    }
    by_class[label].push_back(i);
  }

  // Draw per-class counts for every client until each client's total reaches min_samples; only
  // then are the (shuffled) class members dealt out.
  Rng rng = make_rng(seed, "partition.dirichlet");
  std::gamma_distribution<double> gamma(alpha, 1.0);
  std::vector<std::vector<int64_t>> class_counts(static_cast<size_t>(num_classes));
  bool accepted = false;
  for (int draw = 0; draw < kMaxDirichletDraws && !accepted; ++draw) {
    std::vector<int64_t> totals(static_cast<size_t>(num_clients), 0);
    for (int k = 0; k < num_classes; ++k) {
      auto& counts = class_counts[k];
      counts =
          split_counts(draw_dirichlet(rng, gamma, num_clients), static_cast<int64_t>(by_class[k].size()));
      for (int c = 0; c < num_clients; ++c) totals[c] += counts[c];
    }
    accepted = *std::min_element(totals.begin(), totals.end()) >= min_samples;
  }
  if (!accepted) {
    invalid(kFn, "no Dirichlet(alpha=" + std::to_string(alpha) + ") draw in " +
                     std::to_string(kMaxDirichletDraws) + " tries gave each of " +
                     std::to_string(num_clients) + " clients at least " + std::to_string(min_samples) +
                     " samples; increase alpha or lower min_samples");
  }

  Shards shards(static_cast<size_t>(num_clients));
  for (int k = 0; k < num_classes; ++k) {
    auto& members = by_class[k];
    shuffle(members, rng);
    auto next = members.begin();
    for (int c = 0; c < num_clients; ++c) {
      const int64_t n = class_counts[k][c];
      shards[c].insert(shards[c].end(), next, next + n);
      next += n;
    }
  }
  for (auto& shard : shards) std::sort(shard.begin(), shard.end());
  return shards;
}

Shards partition_shards(const std::vector<int>& labels, int num_clients, int shards_per_client,
                        uint64_t seed) {
  constexpr const char* kFn = "partition_shards";
  check_clients(kFn, num_clients);
  if (shards_per_client < 1) {
    invalid(kFn, "shards_per_client must be >= 1, got " + std::to_string(shards_per_client));
  }
  const auto num_samples = static_cast<int64_t>(labels.size());
  const int64_t num_pieces = int64_t{num_clients} * shards_per_client;
  if (num_pieces > num_samples) {
    invalid(kFn, std::to_string(num_clients) + " clients x " + std::to_string(shards_per_client) +
                     " shards needs at least " + std::to_string(num_pieces) + " samples, got " +
                     std::to_string(num_samples));
  }
  // Sort by label (ties by index); piece p covers sorted positions [p*n/P, (p+1)*n/P), so piece
  // sizes differ by at most one.
  std::vector<int64_t> by_label = iota_indices(num_samples);
  std::stable_sort(by_label.begin(), by_label.end(),
                   [&](int64_t a, int64_t b) { return labels[a] < labels[b]; });
  std::vector<int64_t> pieces = iota_indices(num_pieces);
  Rng rng = make_rng(seed, "partition.shards");
  shuffle(pieces, rng);

  Shards shards(static_cast<size_t>(num_clients));
  for (int64_t slot = 0; slot < num_pieces; ++slot) {
    const int64_t piece = pieces[slot];
    auto& shard = shards[slot / shards_per_client];
    shard.insert(shard.end(), by_label.begin() + piece * num_samples / num_pieces,
                 by_label.begin() + (piece + 1) * num_samples / num_pieces);
  }
  for (auto& shard : shards) std::sort(shard.begin(), shard.end());
  return shards;
}

// Each client gets min_samples plus a Dirichlet(alpha) share of the remaining samples.
Shards partition_quantity_skew(int64_t num_samples, int num_clients, double alpha, int min_samples,
                               uint64_t seed) {
  constexpr const char* kFn = "partition_quantity_skew";
  check_clients(kFn, num_clients);
  check_alpha(kFn, alpha);
  if (num_samples < 0) invalid(kFn, "num_samples must be >= 0, got " + std::to_string(num_samples));
  check_min_samples(kFn, min_samples, num_clients, num_samples);
  Rng rng = make_rng(seed, "partition.quantity_skew");
  std::gamma_distribution<double> gamma(alpha, 1.0);
  std::vector<int64_t> sizes =
      split_counts(draw_dirichlet(rng, gamma, num_clients), num_samples - int64_t{min_samples} * num_clients);
  for (int64_t& size : sizes) size += min_samples;
  std::vector<int64_t> order = iota_indices(num_samples);
  shuffle(order, rng);
  return cut_sorted(order, sizes);
}

}  // namespace fedsec::fl
