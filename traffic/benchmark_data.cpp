#include "traffic/benchmark_data.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "fl/errors.h"
#include "fl/rng.h"
#include "traffic/region_scaler.h"

namespace fedsec::traffic {
namespace {

constexpr int64_t kDay = 86400;

std::vector<int> row_regions(const PairTable& t) {
  std::vector<int> out(t.rows());
  for (std::size_t i = 0; i < t.rows(); ++i) out[i] = t.pairs[t.pair[i]].region;
  return out;
}

bool is_target(const Dataset& d, int incident, BenchmarkConfig::Targets targets) {
  const Incident& i = d.incidents[incident];
  switch (targets) {
    case BenchmarkConfig::Targets::kAll:
      return true;
    case BenchmarkConfig::Targets::kLaneBlocking:
      return i.type == IncidentType::kLaneBlocking;
    case BenchmarkConfig::Targets::kImpactful:
      break;
  }
  return i.impactful == 1 || (i.impactful < 0 && i.type == IncidentType::kLaneBlocking);
}

EvaluationSet make_evaluation_set(PairTable table, const RegionScaler& scaler, const Dataset& d,
                                  BenchmarkConfig::Targets targets) {
  EvaluationSet s;
  s.region = row_regions(table);
  s.standardised = scaler.transform(table.features, s.region);
  s.scored.resize(table.rows());
  s.positive.resize(table.rows());
  for (std::size_t i = 0; i < table.rows(); ++i) {
    const int inc = table.incident[i];
    const bool target = inc >= 0 && is_target(d, inc, targets);
    s.positive[i] = target;
    s.scored[i] = inc < 0 || target;
  }
  s.table = std::move(table);
  return s;
}

// A uniform subsample of `rows` of size k (all of them if k >= size), in increasing order.
std::vector<int> subsample(std::vector<int> rows, std::size_t k, fl::Rng& rng) {
  if (k >= rows.size()) return rows;
  for (std::size_t i = 0; i < k; ++i) std::swap(rows[i], rows[i + fl::uniform_below(rng, rows.size() - i)]);
  rows.resize(k);
  std::sort(rows.begin(), rows.end());
  return rows;
}

RowMatrix gather(const RowMatrix& x, const std::vector<int>& rows) {
  RowMatrix out(static_cast<Eigen::Index>(rows.size()), x.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) out.row(static_cast<Eigen::Index>(i)) = x.row(rows[i]);
  return out;
}

}  // namespace

FeatureMap::FeatureMap(const BenchmarkConfig& c, int input_dim) : dim_(input_dim) {
  if (c.feature_map == BenchmarkConfig::FeatureMap::kRandomFourier) {
    const double bandwidth = c.rff_bandwidth > 0.0 ? c.rff_bandwidth : std::sqrt(2.0 * input_dim);
    rff_.emplace(input_dim, c.rff_dim, bandwidth, c.seed);
    dim_ = c.rff_dim;
  }
}

RowMatrix FeatureMap::apply(const RowMatrix& standardised) const {
  return rff_ ? rff_->transform(standardised) : standardised;
}

PreparedBenchmark prepare_benchmark(const BenchmarkConfig& c, const Dataset& d) {
  if (d.samples.empty() || d.regions.empty())
    throw UsageError("traffic benchmark: the dataset has no samples or regions");
  int64_t first = d.samples.front().time_s, last = first;
  for (const Sample& s : d.samples) first = std::min(first, s.time_s), last = std::max(last, s.time_s);
  const int64_t origin = (first >= 0 ? first : first - kDay + 1) / kDay * kDay;
  const int needed = c.train_days + c.validation_days + c.test_days;
  if ((last - origin) / kDay + 1 < needed)
    throw UsageError("traffic benchmark: the dataset spans " + std::to_string((last - origin) / kDay + 1) +
                     " days, the split needs " + std::to_string(needed));
  const int64_t train_end = origin + c.train_days * kDay,
                validation_end = train_end + c.validation_days * kDay;
  const int64_t test_end = validation_end + c.test_days * kDay;

  PreparedBenchmark p;
  p.interval_s = d.interval_s;
  p.regions = static_cast<int>(d.regions.size());
  p.graph = build_region_graph(d, c.graph);
  p.map = FeatureMap(c, kFeatureCount);
  for (const Incident& inc : d.incidents) p.incident_start_s.push_back(inc.t_start_s);

  PairTable train = build_pair_table(d, c.features, origin, train_end);
  const std::vector<int> train_region = row_regions(train);
  std::vector<bool> normal(train.rows()), usable(train.rows());
  for (std::size_t i = 0; i < train.rows(); ++i) {
    normal[i] = train.incident[i] < 0;
    usable[i] = normal[i] || is_target(d, train.incident[i], c.targets);
  }
  const RegionScaler scaler = RegionScaler::fit(train.features, train_region, p.regions, normal);
  const RowMatrix standardised = scaler.transform(train.features, train_region);

  // Per-region normal rows, thinned to a region-specific share, then capped.
  std::vector<std::vector<int>> normal_rows(p.regions);
  std::vector<int> positives;
  for (std::size_t i = 0; i < train.rows(); ++i) {
    if (normal[i])
      normal_rows[train_region[i]].push_back(static_cast<int>(i));
    else if (usable[i])
      positives.push_back(static_cast<int>(i));
  }
  std::vector<int> supervised_rows = positives;
  for (int g = 0; g < p.regions; ++g) {
    fl::Rng rng = fl::make_rng(c.seed, "traffic/train-subsample", 0, g);
    const double share = c.min_train_share + (1.0 - c.min_train_share) * fl::uniform_unit(rng);
    const std::size_t available = normal_rows[g].size();
    std::size_t keep =
        std::min<std::size_t>(c.max_train_per_region, static_cast<std::size_t>(share * available));
    keep = std::max<std::size_t>(keep, std::min<std::size_t>(2, available));
    const std::vector<int> rows = subsample(normal_rows[g], keep, rng);
    if (rows.empty())
      throw UsageError("traffic benchmark: region " + std::to_string(g) + " has no normal training rows");
    p.normal_train.push_back(p.map.apply(gather(standardised, rows)));
    supervised_rows.insert(supervised_rows.end(), rows.begin(), rows.end());
  }
  if (!positives.empty()) {
    std::sort(supervised_rows.begin(), supervised_rows.end());
    p.supervised_standardised = gather(standardised, supervised_rows);
    p.supervised_train = p.map.apply(p.supervised_standardised);
    const double n = static_cast<double>(supervised_rows.size()),
                 n_pos = static_cast<double>(positives.size());
    for (int r : supervised_rows) {
      const bool pos = !normal[r];
      p.supervised_labels.push_back(pos ? 1 : -1);
      p.supervised_region.push_back(train_region[r]);
      p.supervised_weights.push_back(n / (2.0 * (pos ? n_pos : n - n_pos)));
    }
  }

  p.validation =
      make_evaluation_set(build_pair_table(d, c.features, train_end, validation_end), scaler, d, c.targets);
  p.test =
      make_evaluation_set(build_pair_table(d, c.features, validation_end, test_end), scaler, d, c.targets);
  return p;
}

}  // namespace fedsec::traffic
