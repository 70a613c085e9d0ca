#include "defenses/coordinate_stats.h"

#include <algorithm>
#include <stdexcept>

namespace fedsec::defenses {
namespace {

constexpr int64_t kBlock = 128;  // coordinates per block: k x 128 floats stay in L1/L2

// Statistic of each sorted column c of buf (k rows of kBlock floats) into out[0..width).
void reduce_block(const float* buf, int k, int64_t width, CoordinateStat stat, int64_t param, float* out) {
  auto row = [&](int64_t i) { return buf + i * kBlock; };
  if (stat == CoordinateStat::Median) {
    const float* lo = row((k - 1) / 2);
    const float* hi = row(k / 2);
    for (int64_t c = 0; c < width; ++c) out[c] = 0.5f * (lo[c] + hi[c]);
    return;
  }
  float sum[kBlock];
  if (stat == CoordinateStat::TrimmedMean) {
    std::fill(sum, sum + width, 0.0f);
    for (int64_t i = param; i < k - param; ++i)
      for (int64_t c = 0; c < width; ++c) sum[c] += row(i)[c];
    const float scale = 1.0f / static_cast<float>(k - 2 * param);
    for (int64_t c = 0; c < width; ++c) out[c] = sum[c] * scale;
    return;
  }
  // MeanAroundMedian: the keep values closest to the median form a window [s, s + keep) of the
  // sorted column, s in [0, param]; take the window whose farther end is nearest the median.
  const int64_t keep = k - param;
  float median[kBlock], best_cost[kBlock], best_sum[kBlock];
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
      const bool better = cost < best_cost[c];
      best_cost[c] = better ? cost : best_cost[c];
      best_sum[c] = better ? sum[c] : best_sum[c];
    }
  }
  const float scale = 1.0f / static_cast<float>(keep);
  for (int64_t c = 0; c < width; ++c) out[c] = best_sum[c] * scale;
}

}  // namespace

std::vector<std::pair<int, int>> sorting_network(int k) {
  // Batcher's odd-even merge sort for the next power of two; pairs that touch an index >= k are
  // dropped, which is the same as padding the input with +infinity.
  int size = 1;
  while (size < k) size <<= 1;
  std::vector<std::pair<int, int>> pairs;
  for (int p = 1; p < size; p <<= 1)
    for (int step = p; step >= 1; step >>= 1)
      for (int j = step % p; j + step < size; j += 2 * step)
        for (int i = 0; i < std::min(step, size - j - step); ++i)
          if ((i + j) / (2 * p) == (i + j + step) / (2 * p) && i + j + step < k)
            pairs.emplace_back(i + j, i + j + step);
  return pairs;
}

void coordinate_stat(const std::vector<const float*>& rows, int64_t d, CoordinateStat stat, int64_t param,
                     float* out) {
  const int k = static_cast<int>(rows.size());
  if (k < 1) throw std::invalid_argument("coordinate_stat: no rows");
  if ((stat == CoordinateStat::TrimmedMean && 2 * param >= k) ||
      (stat == CoordinateStat::MeanAroundMedian && param >= k) || param < 0)
    throw std::invalid_argument("coordinate_stat: parameter out of range");
  const auto network = sorting_network(k);
  std::vector<float> buf(static_cast<size_t>(k) * kBlock);
  for (int64_t start = 0; start < d; start += kBlock) {
    const int64_t width = std::min(kBlock, d - start);
    for (int i = 0; i < k; ++i) std::copy(rows[i] + start, rows[i] + start + width, buf.data() + i * kBlock);
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
    reduce_block(buf.data(), k, width, stat, param, out + start);
  }
}

}  // namespace fedsec::defenses
