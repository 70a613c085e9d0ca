#pragma once
// Station-pair features for incident detection (research note 1.3 and the California algorithm
// measures of Payne & Tignor 1978): for each pair of consecutive stations on a road direction
// (upstream u, downstream d) and each interval t, occupancy, flow and speed at both stations,
// the spatial differences and their changes over time. A pair belongs to its upstream station's
// region. Each row also records which incident, if any, it is labelled with.

#include <cstdint>
#include <string>
#include <vector>

#include "traffic/dataset.h"
#include "traffic/matrix.h"

namespace fedsec::traffic {

struct FeatureOptions {
  int lag_s = 60;                   // temporal changes compare t with t - lag_s
  int label_tail_s = 300;           // rows stay labelled this long after the incident clears
  double relative_floor = 0.01;     // least occupancy in the denominators of relative differences
  double effective_length_m = 6.0;  // to impute a missing speed from flow and occupancy
  double free_speed_kph = 100.0;    // imputed speed when the occupancy is (near) zero
};

// Column indices of the feature matrix.
enum Feature : int {
  kOccUp,    // occupancy upstream, o_u (fraction)
  kOccDown,  // occupancy downstream, o_d (DOCC)
  kFlowUp,   // veh/h
  kFlowDown,
  kSpeedUp,  // km/h
  kSpeedDown,
  kOccDiff,        // OCCDF = o_u - o_d
  kOccRelDiff,     // OCCRDF = (o_u - o_d) / o_u
  kOccDownDrop,    // DOCCTD = (o_d(t - lag) - o_d(t)) / o_d(t - lag)
  kSpeedDiff,      // v_u - v_d
  kOccUpChange,    // o_u(t) - o_u(t - lag)
  kOccDiffChange,  // OCCDF(t) - OCCDF(t - lag)
  kFeatureCount
};

// Names of the columns, in Feature order ("occ_up", ...).
const std::vector<std::string>& feature_names();

// Consecutive stations u -> d on one road direction; indices into Dataset::stations.
struct StationPair {
  int up = 0, down = 0;
  int region = 0;  // the upstream station's region
};

// One row per (pair, interval) with complete data, ordered by pair, then time.
struct PairTable {
  std::vector<StationPair> pairs;
  RowMatrix features;           // rows x kFeatureCount, raw units
  std::vector<int> pair;        // per row: index into pairs
  std::vector<int64_t> time_s;  // per row: interval start
  std::vector<int> incident;    // per row: index into Dataset::incidents, or -1

  std::size_t rows() const { return time_s.size(); }
};

// All station pairs of the dataset, in travel order per road direction.
std::vector<StationPair> station_pairs(const Dataset& dataset);

// Rows for intervals starting in [from_s, to_s). A missing occupancy or flow at either station, at
// t or t - lag, drops the row; a missing speed is imputed as (flow / lanes) * L_eff / occupancy.
// A row is labelled with an incident when its pair brackets the incident's position (or is the
// pair just upstream of that one) and t lies in [t_start, t_end + label_tail_s).
PairTable build_pair_table(const Dataset& dataset, const FeatureOptions& options, int64_t from_s,
                           int64_t to_s);

}  // namespace fedsec::traffic
