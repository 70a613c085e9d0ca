#include "traffic/pems_loader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <unordered_map>

#include "fl/errors.h"
#include "traffic/csv_reader.h"

namespace fedsec::traffic {
namespace {

constexpr double kKmPerMile = 1.609344;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct MetaRow {
  int64_t id;
  std::string road, direction, type;
  double postmile_km;
  int lanes;
  double lat, lon;  // NaN when absent
};

int column_of(const CsvReader& r, const std::vector<std::string>& header, const std::string& name,
              bool required) {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) {
    if (required) r.fail("metadata header has no column " + name);
    return -1;
  }
  return static_cast<int>(it - header.begin());
}

std::vector<MetaRow> read_metadata(const std::string& path) {
  CsvReader r(path, '\t');
  std::vector<std::string> header, f;
  if (!r.next(header)) r.fail("empty metadata file");
  const int c_id = column_of(r, header, "ID", true), c_fwy = column_of(r, header, "Fwy", true);
  const int c_dir = column_of(r, header, "Dir", true), c_pm = column_of(r, header, "Abs_PM", true);
  const int c_type = column_of(r, header, "Type", true), c_lanes = column_of(r, header, "Lanes", true);
  const int c_lat = column_of(r, header, "Latitude", false), c_lon = column_of(r, header, "Longitude", false);
  const int needed = std::max({c_id, c_fwy, c_dir, c_pm, c_type, c_lanes, c_lat, c_lon}) + 1;
  std::vector<MetaRow> rows;
  while (r.next(f)) {
    if (static_cast<int>(f.size()) < needed)
      r.fail("expected at least " + std::to_string(needed) + " columns");
    MetaRow m;
    m.id = r.to_int(f[c_id], "ID");
    m.road = f[c_fwy];
    m.direction = f[c_dir];
    if (m.direction != "N" && m.direction != "S" && m.direction != "E" && m.direction != "W")
      r.fail("Dir must be N, S, E or W, got '" + m.direction + "'");
    m.type = f[c_type];
    m.postmile_km = kKmPerMile * r.to_double(f[c_pm], "Abs_PM");
    m.lanes = static_cast<int>(r.to_int(f[c_lanes], "Lanes"));
    if (m.lanes < 1) r.fail("Lanes must be >= 1");
    m.lat = c_lat >= 0 ? r.to_double(f[c_lat], "Latitude", true) : std::nan("");
    m.lon = c_lon >= 0 ? r.to_double(f[c_lon], "Longitude", true) : std::nan("");
    rows.push_back(m);
  }
  return rows;
}

double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  const double rad = M_PI / 180.0;
  const double a =
      std::pow(std::sin((lat2 - lat1) * rad / 2), 2) +
      std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::pow(std::sin((lon2 - lon1) * rad / 2), 2);
  return 2.0 * 6371.0 * std::asin(std::sqrt(a));
}

// Stations of the wanted type, grouped into regions per road direction in travel order.
void build_stations(const std::vector<MetaRow>& meta, const PemsOptions& o, Dataset& d) {
  std::map<std::pair<std::string, std::string>, std::vector<const MetaRow*>> by_corridor;
  double lat_sum = 0.0, lon_sum = 0.0;
  int located = 0;
  for (const MetaRow& m : meta) {
    if (m.type != o.lane_type) continue;
    by_corridor[{m.road, m.direction}].push_back(&m);
    if (!std::isnan(m.lat) && !std::isnan(m.lon)) lat_sum += m.lat, lon_sum += m.lon, ++located;
  }
  for (auto& [key, stations] : by_corridor) {
    const std::string& dir = key.second;
    std::sort(stations.begin(), stations.end(), [&](const MetaRow* a, const MetaRow* b) {
      return along_travel_km(dir, a->postmile_km) < along_travel_km(dir, b->postmile_km);
    });
    const int n = static_cast<int>(stations.size());
    int blocks = std::max(1, n / o.stations_per_region);
    if (n - blocks * o.stations_per_region >= 2) ++blocks;
    for (int b = 0; b < blocks; ++b) {
      const int s0 = b * o.stations_per_region, s1 = b + 1 == blocks ? n : s0 + o.stations_per_region;
      Region g;
      g.id = static_cast<int>(d.regions.size());
      g.road = key.first;
      g.direction = dir;
      double lanes = 0.0, lat = 0.0, lon = 0.0;
      int with_position = 0;
      for (int s = s0; s < s1; ++s) {
        const MetaRow& m = *stations[s];
        lanes += m.lanes;
        if (s > s0 && m.lanes < stations[s - 1]->lanes) g.lane_drop = true;
        if (!std::isnan(m.lat) && !std::isnan(m.lon)) lat += m.lat, lon += m.lon, ++with_position;
        d.stations.push_back({m.id, m.road, m.direction, m.postmile_km, m.lanes, g.id});
      }
      g.lanes = lanes / (s1 - s0);
      const double lo = std::min(stations[s0]->postmile_km, stations[s1 - 1]->postmile_km);
      const double hi = std::max(stations[s0]->postmile_km, stations[s1 - 1]->postmile_km);
      int ramps = 0;
      for (const MetaRow& m : meta)
        if (m.road == g.road && m.direction == dir && (m.type == "OR" || m.type == "FR") &&
            m.postmile_km >= lo && m.postmile_km <= hi)
          ++ramps;
      g.ramps_per_km = ramps / std::max(0.5, hi - lo);
      if (with_position > 0 && located > 0)
        g.center_distance_km =
            haversine_km(lat / with_position, lon / with_position, lat_sum / located, lon_sum / located);
      d.regions.push_back(g);
    }
  }
}

float mph_to_kph(double mph) { return std::isnan(mph) ? kNaN : static_cast<float>(mph * kKmPerMile); }

void check_ranges(const CsvReader& r, double flow, double occ, double speed) {
  if (flow < 0.0 || occ < 0.0 || occ > 1.0 || speed < 0.0)
    r.fail("flow and speed must be >= 0 and occupancy in [0, 1]");
}

int64_t timestamp(const CsvReader& r, const std::string& text) {
  int64_t t = 0;
  if (!parse_pems_timestamp(text, t)) r.fail("timestamp '" + text + "' is not MM/DD/YYYY HH:MM:SS");
  return t;
}

// Raw 30-second file: per lane flow (vehicles per 30 s), occupancy, speed (mph).
void read_raw_file(const std::string& path, const std::unordered_map<int64_t, int>& lanes_of, Dataset& d) {
  CsvReader r(path);
  std::vector<std::string> f;
  while (r.next(f)) {
    if (f.size() < 5 || (f.size() - 2) % 3 != 0) r.fail("expected timestamp, station and 3 columns per lane");
    const int64_t t = timestamp(r, f[0]);
    const int64_t station = r.to_int(f[1], "station");
    if (!lanes_of.count(station)) continue;
    const std::size_t groups = (f.size() - 2) / 3;
    const std::size_t lanes = static_cast<std::size_t>(lanes_of.at(station));
    double flow = 0.0, occ = 0.0, weighted_speed = 0.0, speed_flow = 0.0;
    std::size_t lanes_with_data = 0, lanes_complete = 0;
    for (std::size_t g = 0; g < groups; ++g) {
      const double q = r.to_double(f[2 + 3 * g], "flow", true),
                   o = r.to_double(f[3 + 3 * g], "occupancy", true);
      const double v = r.to_double(f[4 + 3 * g], "speed", true);
      check_ranges(r, std::isnan(q) ? 0.0 : q, std::isnan(o) ? 0.0 : o, std::isnan(v) ? 0.0 : v);
      if (std::isnan(q) || std::isnan(o)) continue;
      ++lanes_with_data;
      if (g < lanes) ++lanes_complete;
      flow += q;
      occ += o;
      if (!std::isnan(v) && q > 0.0) weighted_speed += q * v, speed_flow += q;
    }
    Sample s;
    s.time_s = t;
    s.station_id = station;
    if (lanes_with_data == 0) {
      s.flow_vph = s.occupancy = s.speed_kph = kNaN;
      s.observed = false;
    } else {
      s.flow_vph = static_cast<float>(flow * 120.0);
      s.occupancy = static_cast<float>(occ / lanes_with_data);
      s.speed_kph = speed_flow > 0.0 ? mph_to_kph(weighted_speed / speed_flow) : kNaN;
      s.observed = lanes_complete == lanes;
    }
    d.samples.push_back(s);
  }
}

// 5-minute file: station totals in columns 9-11, "% Observed" in column 8.
void read_five_minute_file(const std::string& path, const std::unordered_map<int64_t, int>& lanes_of,
                           const PemsOptions& o, Dataset& d) {
  CsvReader r(path);
  std::vector<std::string> f;
  while (r.next(f)) {
    if (f.size() < 12) r.fail("expected at least 12 columns, got " + std::to_string(f.size()));
    const int64_t t = timestamp(r, f[0]);
    const int64_t station = r.to_int(f[1], "Station");
    if (!lanes_of.count(station) || f[5] != o.lane_type) continue;
    const double observed = r.to_double(f[8], "% Observed", true);
    const double q = r.to_double(f[9], "Total Flow", true), occ = r.to_double(f[10], "Avg Occupancy", true);
    const double v = r.to_double(f[11], "Avg Speed", true);
    check_ranges(r, std::isnan(q) ? 0.0 : q, std::isnan(occ) ? 0.0 : occ, std::isnan(v) ? 0.0 : v);
    Sample s;
    s.time_s = t;
    s.station_id = station;
    s.flow_vph = std::isnan(q) ? kNaN : static_cast<float>(q * 12.0);
    s.occupancy = static_cast<float>(occ);
    s.speed_kph = mph_to_kph(v);
    s.observed =
        !std::isnan(q) && !std::isnan(occ) && !std::isnan(observed) && observed >= o.min_observed_percent;
    d.samples.push_back(s);
  }
}

bool is_collision(const std::string& description) {
  for (const char* code : {"1179", "1180", "1181", "1182", "1183"})
    if (description.rfind(code, 0) == 0) return true;
  return description.find("Collision") != std::string::npos;
}

void read_incident_file(const std::string& path, const PemsOptions& o, Dataset& d) {
  // Station postmile range per road direction.
  std::map<std::pair<std::string, std::string>, std::pair<double, double>> range;
  for (const Station& s : d.stations) {
    auto [it, fresh] = range.try_emplace({s.road, s.direction}, s.postmile_km, s.postmile_km);
    if (!fresh) {
      it->second.first = std::min(it->second.first, s.postmile_km);
      it->second.second = std::max(it->second.second, s.postmile_km);
    }
  }
  CsvReader r(path);
  std::vector<std::string> f;
  while (r.next(f)) {
    if (f.size() < 20) r.fail("expected 20 columns, got " + std::to_string(f.size()));
    if (f[14].empty() || f[15].empty() || f[17].empty()) continue;  // not located on a freeway
    Incident i;
    i.id = r.to_int(f[0], "incident ID");
    i.t_start_s = timestamp(r, f[3]);
    i.road = f[14];
    i.direction = f[15];
    i.postmile_km = kKmPerMile * r.to_double(f[17], "absolute postmile");
    const auto it = range.find({i.road, i.direction});
    if (it == range.end() || i.postmile_km < it->second.first - o.match_tolerance_km ||
        i.postmile_km > it->second.second + o.match_tolerance_km)
      continue;
    const double minutes = r.to_double(f[19], "duration", true);
    if (minutes < 0.0) r.fail("duration must be >= 0");
    i.t_end_s =
        i.t_start_s + static_cast<int64_t>(60.0 * (std::isnan(minutes) ? o.default_duration_min : minutes));
    const bool collision = is_collision(f[4]);
    i.type = collision ? IncidentType::kLaneBlocking : IncidentType::kShoulderDisablement;
    i.lanes_blocked = collision ? -1 : 0;
    d.incidents.push_back(i);
  }
}

}  // namespace

bool parse_pems_timestamp(const std::string& text, int64_t& seconds) {
  unsigned mo = 0, da = 0, h = 0, mi = 0, se = 0;
  int y = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "%2u/%2u/%4d %2u:%2u:%2u%n", &mo, &da, &y, &h, &mi, &se, &consumed) != 6 ||
      consumed != static_cast<int>(text.size()) || mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 ||
      mi > 59 || se > 59)
    return false;
  seconds = days_from_civil(y, mo, da) * 86400 + h * 3600 + mi * 60 + se;
  return true;
}

Dataset load_pems(const PemsOptions& o) {
  if (o.stations_per_region < 1) throw UsageError("pems: stations_per_region must be >= 1");
  Dataset d;
  d.interval_s = o.format == PemsOptions::Format::kRaw30s ? 30 : 300;
  build_stations(read_metadata(o.metadata_file), o, d);
  std::unordered_map<int64_t, int> lanes_of;
  for (const Station& s : d.stations) lanes_of[s.id] = s.lanes;
  for (const std::string& path : o.station_files) {
    if (o.format == PemsOptions::Format::kRaw30s)
      read_raw_file(path, lanes_of, d);
    else
      read_five_minute_file(path, lanes_of, o, d);
  }
  for (const std::string& path : o.incident_files) read_incident_file(path, o, d);
  return d;
}

}  // namespace fedsec::traffic
