#pragma once
// Helpers for the secure-aggregation tests: random updates and the plain sums to compare with.

#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "privacy/secure/fixed_point.h"
#include "privacy/secure/secagg_round.h"

namespace fedsec::secure::testing {

inline std::vector<int> client_ids(int n, int first = 0) {
  std::vector<int> ids(n);
  std::iota(ids.begin(), ids.end(), first);
  return ids;
}

// Values uniform in [-1.5 clip, 1.5 clip], so that some are clipped.
inline std::vector<std::vector<float>> random_inputs(int n, size_t d, double clip, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> dist(static_cast<float>(-1.5 * clip), static_cast<float>(1.5 * clip));
  std::vector<std::vector<float>> x(n, std::vector<float>(d));
  for (auto& row : x) {
    for (auto& v : row) v = dist(rng);
  }
  return x;
}

// The encoded and the exact (clipped) sums over the contributors.
struct PlainSums {
  std::vector<uint32_t> encoded;
  std::vector<double> exact;
};

inline PlainSums plain_sums(const SecAggResult& r, const std::vector<int>& participants,
                            const std::vector<std::vector<float>>& inputs, const SecAggConfig& config) {
  const FixedPointCodec codec(
      config.clip, config.max_summands > 0 ? config.max_summands : static_cast<int>(participants.size()));
  const size_t d = inputs.front().size();
  PlainSums s{std::vector<uint32_t>(d, 0), std::vector<double>(d, 0.0)};
  for (int c : r.contributors) {
    const size_t i =
        static_cast<size_t>(std::find(participants.begin(), participants.end(), c) - participants.begin());
    const auto enc = codec.encode(inputs[i]);
    for (size_t j = 0; j < d; ++j) {
      s.encoded[j] += enc[j];
      s.exact[j] += codec.clipped(inputs[i][j]);
    }
  }
  return s;
}

inline double max_abs_error(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0.0;
  for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

}  // namespace fedsec::secure::testing
