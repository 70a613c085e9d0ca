#pragma once
// Coordinate-wise order statistics of k rows, without LibTorch. Each block of coordinates is
// copied into a k x B buffer (checking finiteness on the way) and sorted column by column with a
// sorting network (Batcher's odd-even merge sort) whose compare-exchange steps act on many columns
// at once and vectorise: for k <= 16 with every value held in a register, for larger k on whole
// buffer rows, leaving out the steps the statistic does not need. Used by the median, trimmed
// mean, MeaMed and Bulyan's coordinate-wise phase. Also the weighted sum of the rows (the mean).

#include <cstdint>
#include <vector>

namespace fedsec::defenses {

enum class CoordinateStat {
  Median,            // middle value; for even k the mean of the two middle values
  TrimmedMean,       // mean after dropping the `param` smallest and `param` largest values
  MeanAroundMedian,  // mean of the k - param values closest to the median (first window on ties)
};

// rows: k >= 1 pointers to d floats each; out: d floats, NaN at each coordinate where some row
// holds Inf or NaN. Requires 2 * param < k for TrimmedMean and param < k for MeanAroundMedian.
// On x86-64 it runs the AVX-512 or AVX2 build of its kernels where the CPU has them; every build
// gives the same bits.
void coordinate_stat(const std::vector<const float*>& rows, int64_t d, CoordinateStat stat, int64_t param,
                     float* out);

// The same with the baseline build (SSE2 on x86-64) whatever the CPU: the reference the run-time
// choice is tested against.
void coordinate_stat_baseline(const std::vector<const float*>& rows, int64_t d, CoordinateStat stat,
                              int64_t param, float* out);

// out[c] = sum of weights[i] * rows[i][c] over the k >= 1 rows: for each coordinate the float
// products are added in row order, never fused into a multiply-add, so every build (chosen as for
// coordinate_stat) gives the same bits. A NaN or Inf in a row carries into its coordinates.
void weighted_sum(const std::vector<const float*>& rows, const float* weights, int64_t d, float* out);

// The same with the baseline build whatever the CPU.
void weighted_sum_baseline(const std::vector<const float*>& rows, const float* weights, int64_t d,
                           float* out);

// The compare-exchange pairs (i < j) of a network that sorts k values ascending.
std::vector<std::pair<int, int>> sorting_network(int k);

}  // namespace fedsec::defenses
