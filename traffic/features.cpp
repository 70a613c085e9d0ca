#include "traffic/features.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "fl/errors.h"

namespace fedsec::traffic {
namespace {

// Per-station readings on a regular grid of slots (NaN where missing).
struct Series {
  std::vector<float> flow, occ, speed;
};

double ratio(double num, double den, double floor) { return num / std::max(den, floor); }

}  // namespace

const std::vector<std::string>& feature_names() {
  static const std::vector<std::string> names = {
      "occ_up",   "occ_down",     "flow_up",       "flow_down",  "speed_up",      "speed_down",
      "occ_diff", "occ_rel_diff", "occ_down_drop", "speed_diff", "occ_up_change", "occ_diff_change"};
  return names;
}

std::vector<StationPair> station_pairs(const Dataset& d) {
  std::map<std::pair<std::string, std::string>, std::vector<int>> by_corridor;
  for (int i = 0; i < static_cast<int>(d.stations.size()); ++i)
    by_corridor[{d.stations[i].road, d.stations[i].direction}].push_back(i);
  std::vector<StationPair> pairs;
  for (auto& [key, ids] : by_corridor) {
    std::sort(ids.begin(), ids.end(), [&](int a, int b) {
      return along_travel_km(key.second, d.stations[a].postmile_km) <
             along_travel_km(key.second, d.stations[b].postmile_km);
    });
    for (std::size_t k = 0; k + 1 < ids.size(); ++k)
      pairs.push_back({ids[k], ids[k + 1], d.stations[ids[k]].region});
  }
  return pairs;
}

PairTable build_pair_table(const Dataset& d, const FeatureOptions& o, int64_t from_s, int64_t to_s) {
  if (o.lag_s < d.interval_s || o.lag_s % d.interval_s != 0)
    throw UsageError("features: lag_s must be a positive multiple of the sampling interval (" +
                     std::to_string(d.interval_s) + " s)");
  const int lag = o.lag_s / d.interval_s;
  const int64_t t0 = from_s - o.lag_s;
  const int64_t slots = to_s > t0 ? (to_s - t0 + d.interval_s - 1) / d.interval_s : 0;

  std::unordered_map<int64_t, int> station_index;
  for (int i = 0; i < static_cast<int>(d.stations.size()); ++i) station_index[d.stations[i].id] = i;
  const float nan = std::nanf("");
  std::vector<Series> series(d.stations.size());
  for (Series& s : series) s.flow.assign(slots, nan), s.occ.assign(slots, nan), s.speed.assign(slots, nan);
  for (const Sample& x : d.samples) {
    if (x.time_s < t0 || x.time_s >= to_s) continue;
    const auto it = station_index.find(x.station_id);
    if (it == station_index.end()) continue;
    const int64_t k = (x.time_s - t0) / d.interval_s;
    Series& s = series[it->second];
    s.flow[k] = x.flow_vph, s.occ[k] = x.occupancy;
    float v = x.speed_kph;
    if (std::isnan(v) && !std::isnan(x.flow_vph) && !std::isnan(x.occupancy)) {
      const double lanes = d.stations[it->second].lanes;
      v = x.occupancy < 1e-3
              ? static_cast<float>(o.free_speed_kph)
              : static_cast<float>(x.flow_vph / lanes * o.effective_length_m / 1000.0 / x.occupancy);
    }
    s.speed[k] = v;
  }

  PairTable table;
  table.pairs = station_pairs(d);
  // Incidents labelling each pair: the bracketing pair and the one just upstream of it.
  std::vector<std::vector<int>> incidents_of_pair(table.pairs.size());
  for (int i = 0; i < static_cast<int>(d.incidents.size()); ++i) {
    const Incident& inc = d.incidents[i];
    const double x = along_travel_km(inc.direction, inc.postmile_km);
    for (int p = 0; p < static_cast<int>(table.pairs.size()); ++p) {
      const Station &u = d.stations[table.pairs[p].up], &v = d.stations[table.pairs[p].down];
      if (u.road != inc.road || u.direction != inc.direction) continue;
      if (along_travel_km(u.direction, u.postmile_km) <= x &&
          x < along_travel_km(v.direction, v.postmile_km)) {
        incidents_of_pair[p].push_back(i);
        if (p > 0 && table.pairs[p - 1].down == table.pairs[p].up) incidents_of_pair[p - 1].push_back(i);
      }
    }
  }

  std::vector<double> row(kFeatureCount);
  std::vector<double> data;
  for (int p = 0; p < static_cast<int>(table.pairs.size()); ++p) {
    const Series &u = series[table.pairs[p].up], &dn = series[table.pairs[p].down];
    for (int64_t k = lag; k < slots; ++k) {
      const double ou = u.occ[k], od = dn.occ[k], qu = u.flow[k], qd = dn.flow[k];
      const double ou_lag = u.occ[k - lag], od_lag = dn.occ[k - lag];
      const double vu = u.speed[k], vd = dn.speed[k];
      if (std::isnan(ou) || std::isnan(od) || std::isnan(qu) || std::isnan(qd) || std::isnan(ou_lag) ||
          std::isnan(od_lag) || std::isnan(vu) || std::isnan(vd))
        continue;
      const int64_t t = t0 + k * d.interval_s;
      row[kOccUp] = ou;
      row[kOccDown] = od;
      row[kFlowUp] = qu;
      row[kFlowDown] = qd;
      row[kSpeedUp] = vu;
      row[kSpeedDown] = vd;
      row[kOccDiff] = ou - od;
      row[kOccRelDiff] = ratio(ou - od, ou, o.relative_floor);
      row[kOccDownDrop] = ratio(od_lag - od, od_lag, o.relative_floor);
      row[kSpeedDiff] = vu - vd;
      row[kOccUpChange] = ou - ou_lag;
      row[kOccDiffChange] = (ou - od) - (ou_lag - od_lag);
      data.insert(data.end(), row.begin(), row.end());
      int label = -1;
      for (int i : incidents_of_pair[p]) {
        const Incident& inc = d.incidents[i];
        if (t >= inc.t_start_s && t < inc.t_end_s + o.label_tail_s) {
          label = i;
          break;
        }
      }
      table.pair.push_back(p);
      table.time_s.push_back(t);
      table.incident.push_back(label);
    }
  }
  table.features = Eigen::Map<RowMatrix>(data.data(), static_cast<Eigen::Index>(table.rows()), kFeatureCount);
  return table;
}

}  // namespace fedsec::traffic
