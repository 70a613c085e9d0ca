#include "defenses/coordinate_stats.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace fedsec::defenses {
namespace {

// Coordinates per block. Of 32, 64, 128 and 256, 128 was fastest at k = 100 (the median 6.3-6.7 ms
// against 8.9-9.2 ms with 64, n = 100, d = 1e5), though k x 128 floats then outgrow a 48 KiB L1.
constexpr int64_t kBlock = 128;
constexpr int kRegisterRows = 16;  // up to this many rows, a block is sorted in registers
// 16 floats, one operation each in every build (four SSE2, two AVX2 or one AVX-512 instruction).
typedef float Chunk __attribute__((vector_size(64)));
constexpr size_t kLineFloats = 64 / sizeof(float);

// The first address at or after p on a 64-byte boundary.
float* aligned_to_line(float* p) {
  const auto address = reinterpret_cast<uintptr_t>(p);
  return p + ((64 - address % 64) % 64) / sizeof(float);
}

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

// The kernels, built for the baseline instruction set and, on x86-64, for AVX2 and AVX-512.
#define FEDSEC_KERNEL_NS baseline
#define FEDSEC_KERNEL_TARGET
#include "defenses/coordinate_stats_kernel.inc"
#undef FEDSEC_KERNEL_NS
#undef FEDSEC_KERNEL_TARGET

#if defined(__x86_64__) && defined(__GNUC__)
#define FEDSEC_HAS_SIMD_KERNELS 1
#define FEDSEC_KERNEL_NS avx2
#define FEDSEC_KERNEL_TARGET __attribute__((target("avx2")))
#include "defenses/coordinate_stats_kernel.inc"
#undef FEDSEC_KERNEL_NS
#undef FEDSEC_KERNEL_TARGET
#define FEDSEC_KERNEL_NS avx512
#define FEDSEC_KERNEL_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq")))
#include "defenses/coordinate_stats_kernel.inc"
#undef FEDSEC_KERNEL_NS
#undef FEDSEC_KERNEL_TARGET
#endif

using Kernel = void (*)(const std::vector<const float*>&, int64_t, CoordinateStat, int64_t,
                        const std::vector<std::pair<int, int>>&, float*);
using WeightedSumKernel = void (*)(const std::vector<const float*>&, const float*, int64_t, float*);

struct Kernels {
  Kernel run;
  WeightedSumKernel weighted_sum;
};

// The widest build this CPU runs.
Kernels fastest_kernels() {
#ifdef FEDSEC_HAS_SIMD_KERNELS
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
    return {avx512::run, avx512::weighted_sum};
  if (__builtin_cpu_supports("avx2")) return {avx2::run, avx2::weighted_sum};
#endif
  return {baseline::run, baseline::weighted_sum};
}

const Kernels& chosen_kernels() {
  static const Kernels kernels = fastest_kernels();
  return kernels;
}

void check_and_run(Kernel kernel, const std::vector<const float*>& rows, int64_t d, CoordinateStat stat,
                   int64_t param, float* out) {
  const int k = static_cast<int>(rows.size());
  if (k < 1) throw std::invalid_argument("coordinate_stat: no rows");
  if ((stat == CoordinateStat::TrimmedMean && 2 * param >= k) ||
      (stat == CoordinateStat::MeanAroundMedian && param >= k) || param < 0)
    throw std::invalid_argument("coordinate_stat: parameter out of range");
  const auto network =
      k <= kRegisterRows ? std::vector<std::pair<int, int>>{} : needed_network(k, stat, param);
  kernel(rows, d, stat, param, network, out);
}

}  // namespace

std::vector<std::pair<int, int>> sorting_network(int k) {
  std::vector<std::pair<int, int>> pairs;
  batcher(k, [&](int i, int j, int) { pairs.emplace_back(i, j); });
  return pairs;
}

void coordinate_stat(const std::vector<const float*>& rows, int64_t d, CoordinateStat stat, int64_t param,
                     float* out) {
  check_and_run(chosen_kernels().run, rows, d, stat, param, out);
}

void coordinate_stat_baseline(const std::vector<const float*>& rows, int64_t d, CoordinateStat stat,
                              int64_t param, float* out) {
  check_and_run(baseline::run, rows, d, stat, param, out);
}

void weighted_sum(const std::vector<const float*>& rows, const float* weights, int64_t d, float* out) {
  if (rows.empty()) throw std::invalid_argument("weighted_sum: no rows");
  chosen_kernels().weighted_sum(rows, weights, d, out);
}

void weighted_sum_baseline(const std::vector<const float*>& rows, const float* weights, int64_t d,
                           float* out) {
  if (rows.empty()) throw std::invalid_argument("weighted_sum: no rows");
  baseline::weighted_sum(rows, weights, d, out);
}

}  // namespace fedsec::defenses
