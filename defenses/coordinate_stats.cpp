#include "defenses/coordinate_stats.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

namespace fedsec::defenses {
namespace {

constexpr int64_t kBlock = 64;     // coordinates per block: k x 64 floats stay in L1 up to k ~ 150
constexpr int kRegisterRows = 16;  // up to this many rows, a block is sorted in registers

// Calls emit(i, j, p) for each compare-exchange (i < j) of Batcher's odd-even merge sort of k
// values, p being the size of the sorted runs its level merges (levels p < q sort each aligned
// run of q values on their own); built for the next power of two, pairs that touch an index >= k
// are dropped, which is the same as padding the input with +infinity.
template <class Emit>
constexpr void batcher(int k, Emit&& emit) {
  int size = 1;
  while (size < k) size <<= 1;
  for (int p = 1; p < size; p <<= 1)
    for (int step = p; step >= 1; step >>= 1)
      for (int j = step % p; j + step < size; j += 2 * step)
        for (int i = 0; i < std::min(step, size - j - step); ++i)
          if ((i + j) / (2 * p) == (i + j + step) / (2 * p) && i + j + step < k) emit(i + j, i + j + step, p);
}

constexpr int network_size(int k) {
  int count = 0;
  batcher(k, [&](int, int, int) { ++count; });
  return count;
}

constexpr int kExact = -1;  // group of an output whose value must be exactly the sorted one

// Walking a network backwards with the group of each output (positions of one group other than
// kExact may end in any order among themselves): whether the pair of outputs a, b can be left out;
// when it cannot, both become kExact.
constexpr bool droppable(int& group_a, int& group_b) {
  if (group_a == group_b && group_a != kExact) return true;
  group_a = group_b = kExact;
  return false;
}

// Batcher's network for K values as a compile-time table, so that a block can be sorted with every
// value in a register; with MedianOnly, only the pairs the two middle outputs depend on.
template <int K, bool MedianOnly>
struct FixedNetwork {
  static constexpr int all_size = network_size(K);
  static constexpr std::array<std::array<int, 2>, all_size> all = [] {
    std::array<std::array<int, 2>, all_size> out{};
    int at = 0;
    batcher(K, [&](int i, int j, int) { out[at++] = {i, j}; });
    return out;
  }();
  static constexpr std::array<bool, all_size> kept = [] {
    std::array<bool, all_size> keep{};
    std::array<int, K> group{};
    group[(K - 1) / 2] = group[K / 2] = 1;
    for (int t = all_size - 1; t >= 0; --t)
      keep[t] = !MedianOnly || !droppable(group[all[t][0]], group[all[t][1]]);
    return keep;
  }();
  static constexpr int size = [] {
    int count = 0;
    for (bool k : kept) count += k;
    return count;
  }();
  static constexpr std::array<std::array<int, 2>, size> pairs = [] {
    std::array<std::array<int, 2>, size> out{};
    int at = 0;
    for (int t = 0; t < all_size; ++t)
      if (kept[t]) out[at++] = all[t];
    return out;
  }();
};

inline void compare_exchange(float& a, float& b) {
  const float lo = std::min(a, b);
  b = std::max(a, b);
  a = lo;
}

// Sorts each column of buf (K rows of kBlock floats), or with MedianOnly puts its middle values
// in place, with every value in a register across the network; the loop over columns vectorises.
template <int K, bool MedianOnly, size_t... P>
void sort_block_in_registers(float* buf, std::index_sequence<P...>) {
  using Net = FixedNetwork<K, MedianOnly>;
  for (int64_t c = 0; c < kBlock; ++c) {
    float v[K];
    for (int i = 0; i < K; ++i) v[i] = buf[i * kBlock + c];
    (compare_exchange(v[Net::pairs[P][0]], v[Net::pairs[P][1]]), ...);
    for (int i = 0; i < K; ++i) buf[i * kBlock + c] = v[i];
  }
}

using RegisterSort = void (*)(float*);

template <int K, bool MedianOnly>
void sort_block_fixed(float* buf) {
  sort_block_in_registers<K, MedianOnly>(buf, std::make_index_sequence<FixedNetwork<K, MedianOnly>::size>());
}

template <bool MedianOnly, size_t... K>
constexpr std::array<RegisterSort, sizeof...(K)> register_sorts(std::index_sequence<K...>) {
  return {sort_block_fixed<static_cast<int>(K) + 1, MedianOnly>...};
}

// register_sorts_table[k - 1] sorts blocks of k rows; register_medians_table[k - 1] only puts
// their middle values in place.
constexpr auto register_sorts_table = register_sorts<false>(std::make_index_sequence<kRegisterRows>());
constexpr auto register_medians_table = register_sorts<true>(std::make_index_sequence<kRegisterRows>());

// The compare-exchanges of the k-value network that the statistic needs, after each aligned run
// of kRegisterRows rows has been sorted on its own: walking backwards, a pair is dropped when both
// its outputs end, untouched by any later kept pair, in the same group of positions whose order
// does not matter (the discarded tails, the summed middle).
std::vector<std::pair<int, int>> needed_network(int k, CoordinateStat stat, int64_t param) {
  std::vector<int> group(static_cast<size_t>(k), 0);
  const int lo = (k - 1) / 2, hi = k / 2, p = static_cast<int>(param);
  if (stat == CoordinateStat::Median) {
    group[lo] = group[hi] = 1;  // the two middle values are only added
  } else if (stat == CoordinateStat::TrimmedMean) {
    for (int i = p; i < k - p; ++i) group[i] = 1;
  } else {
    // The window scan reads positions [0, param] and [k - param - 1, k) and the middle ones, and
    // only sums the rest.
    for (int i = 0; i < k; ++i) group[i] = (i <= p || i >= k - p - 1 || i == lo || i == hi) ? kExact : 1;
  }
  std::vector<std::pair<int, int>> network;
  batcher(k, [&](int i, int j, int level) {
    if (level >= kRegisterRows) network.emplace_back(i, j);
  });
  std::vector<std::pair<int, int>> kept;
  for (auto it = network.rbegin(); it != network.rend(); ++it) {
    if (droppable(group[it->first], group[it->second])) continue;
    kept.push_back(*it);
  }
  std::reverse(kept.begin(), kept.end());
  return kept;
}

// Statistic of each sorted column c of buf (k rows of kBlock floats) into out[0..width); out[c]
// becomes bad[c] where that is not 0 (a non-finite column).
void reduce_block(const float* buf, int k, int64_t width, CoordinateStat stat, int64_t param,
                  const float* bad, float* out) {
  auto row = [&](int64_t i) { return buf + i * kBlock; };
  float value[kBlock];
  if (stat == CoordinateStat::Median) {
    const float* lo = row((k - 1) / 2);
    const float* hi = row(k / 2);
    for (int64_t c = 0; c < width; ++c) value[c] = 0.5f * (lo[c] + hi[c]);
  } else if (stat == CoordinateStat::TrimmedMean) {
    float sum[kBlock];
    std::fill(sum, sum + width, 0.0f);
    for (int64_t i = param; i < k - param; ++i)
      for (int64_t c = 0; c < width; ++c) sum[c] += row(i)[c];
    const float scale = 1.0f / static_cast<float>(k - 2 * param);
    for (int64_t c = 0; c < width; ++c) value[c] = sum[c] * scale;
  } else {
    // MeanAroundMedian: the keep values closest to the median form a window [s, s + keep) of the
    // sorted column, s in [0, param]; take the window whose farther end is nearest the median.
    const int64_t keep = k - param;
    float sum[kBlock], median[kBlock], best_cost[kBlock], best_sum[kBlock];
    const float* lo = row((k - 1) / 2);
    const float* hi = row(k / 2);
    for (int64_t c = 0; c < width; ++c) median[c] = 0.5f * (lo[c] + hi[c]);
    std::fill(sum, sum + width, 0.0f);
    for (int64_t i = 0; i < keep; ++i)
      for (int64_t c = 0; c < width; ++c) sum[c] += row(i)[c];
    for (int64_t c = 0; c < width; ++c) {
      best_cost[c] = std::max(median[c] - row(0)[c], row(keep - 1)[c] - median[c]);
      best_sum[c] = sum[c];
    }
    for (int64_t s = 1; s <= param; ++s) {
      const float* drop = row(s - 1);
      const float* add = row(s + keep - 1);
      const float* first = row(s);
      for (int64_t c = 0; c < width; ++c) {
        sum[c] += add[c] - drop[c];
        const float cost = std::max(median[c] - first[c], add[c] - median[c]);
        best_sum[c] = cost < best_cost[c] ? sum[c] : best_sum[c];
        best_cost[c] = std::min(cost, best_cost[c]);  // in this form the loop vectorises
      }
    }
    const float scale = 1.0f / static_cast<float>(keep);
    for (int64_t c = 0; c < width; ++c) value[c] = best_sum[c] * scale;
  }
  for (int64_t c = 0; c < width; ++c) out[c] = bad[c] == 0.0f ? value[c] : bad[c];
}

}  // namespace

std::vector<std::pair<int, int>> sorting_network(int k) {
  std::vector<std::pair<int, int>> pairs;
  batcher(k, [&](int i, int j, int) { pairs.emplace_back(i, j); });
  return pairs;
}

void coordinate_stat(const std::vector<const float*>& rows, int64_t d, CoordinateStat stat, int64_t param,
                     float* out) {
  const int k = static_cast<int>(rows.size());
  if (k < 1) throw std::invalid_argument("coordinate_stat: no rows");
  if ((stat == CoordinateStat::TrimmedMean && 2 * param >= k) ||
      (stat == CoordinateStat::MeanAroundMedian && param >= k) || param < 0)
    throw std::invalid_argument("coordinate_stat: parameter out of range");
  std::vector<float> buf(static_cast<size_t>(k) * kBlock);
  float bad[kBlock];
  const auto& table = stat == CoordinateStat::Median ? register_medians_table : register_sorts_table;
  const RegisterSort register_sort = k <= kRegisterRows ? table[static_cast<size_t>(k - 1)] : nullptr;
  const auto network = register_sort ? std::vector<std::pair<int, int>>{} : needed_network(k, stat, param);
  for (int64_t start = 0; start < d; start += kBlock) {
    const int64_t width = std::min(kBlock, d - start);
    std::fill(bad, bad + kBlock, 0.0f);
    for (int i = 0; i < k; ++i) {
      const float* from = rows[i] + start;
      float* to = buf.data() + i * kBlock;
      for (int64_t c = 0; c < width; ++c) {
        to[c] = from[c];
        bad[c] += from[c] - from[c];  // NaN for Inf or NaN
      }
    }
    if (register_sort) {
      register_sort(buf.data());
    } else {
      for (int i = 0; i < k; i += kRegisterRows)
        register_sorts_table[static_cast<size_t>(std::min(kRegisterRows, k - i) - 1)](buf.data() +
                                                                                      i * kBlock);
      for (const auto& [a, b] : network) {
        float* x = buf.data() + a * kBlock;
        float* y = buf.data() + b * kBlock;
        for (int64_t c = 0; c < kBlock; ++c) {
          const float lo = std::min(x[c], y[c]);
          const float hi = std::max(x[c], y[c]);
          x[c] = lo;
          y[c] = hi;
        }
      }
    }
    reduce_block(buf.data(), k, width, stat, param, bad, out + start);
  }
}

}  // namespace fedsec::defenses
