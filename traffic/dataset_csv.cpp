#include "traffic/dataset_csv.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "traffic/csv_reader.h"

namespace fedsec::traffic {
namespace {

const std::vector<std::string> kStationColumns = {"station_id",  "road",  "direction",
                                                  "postmile_km", "lanes", "region_id"};
const std::vector<std::string> kRegionColumns = {"region_id",    "road",      "direction",         "lanes",
                                                 "ramps_per_km", "lane_drop", "center_distance_km"};
const std::vector<std::string> kSampleColumns = {"time_s",    "station_id", "interval_s", "flow_vph",
                                                 "occupancy", "speed_kph",  "observed"};
const std::vector<std::string> kIncidentColumns = {"incident_id",   "road",      "direction",
                                                   "postmile_km",   "t_start_s", "t_end_s",
                                                   "lanes_blocked", "type",      "impactful"};

std::string header(const std::vector<std::string>& columns) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + columns[i];
  return out + "\n";
}

// A FILE* that closes itself and reports write errors with the path.
class Output {
 public:
  explicit Output(const std::filesystem::path& path)
      : path_(path.string()), f_(std::fopen(path_.c_str(), "w")) {
    if (!f_) throw std::runtime_error(path_ + ": cannot open for writing");
  }
  ~Output() {
    if (f_) std::fclose(f_);
  }
  FILE* get() const { return f_; }
  void close() {
    const bool ok = std::ferror(f_) == 0;
    const bool closed = std::fclose(f_) == 0;
    f_ = nullptr;
    if (!ok || !closed) throw std::runtime_error(path_ + ": write failed");
  }

 private:
  std::string path_;
  FILE* f_;
};

// "%.9g" round-trips a float; NaN becomes an empty field.
void put_float(FILE* f, float v, const char* sep) {
  if (std::isnan(v))
    std::fputs(sep, f);
  else
    std::fprintf(f, "%.9g%s", static_cast<double>(v), sep);
}

void check_direction(const CsvReader& r, const std::string& d) {
  if (d != "N" && d != "S" && d != "E" && d != "W") r.fail("direction must be N, S, E or W, got '" + d + "'");
}

void check_columns(const CsvReader& r, const std::vector<std::string>& fields, std::size_t n) {
  if (fields.size() != n)
    r.fail("expected " + std::to_string(n) + " columns, got " + std::to_string(fields.size()));
}

bool to_bool(const CsvReader& r, const std::string& text, const char* column) {
  const int64_t v = r.to_int(text, column);
  if (v != 0 && v != 1) r.fail(std::string("column ") + column + " must be 0 or 1");
  return v == 1;
}

}  // namespace

void write_dataset_csv(const Dataset& d, const std::string& dir) {
  const std::filesystem::path root(dir);
  std::filesystem::create_directories(root);
  {
    Output out(root / "regions.csv");
    std::fputs(header(kRegionColumns).c_str(), out.get());
    for (const Region& r : d.regions)
      std::fprintf(out.get(), "%d,%s,%s,%.6g,%.6g,%d,%.6g\n", r.id, r.road.c_str(), r.direction.c_str(),
                   r.lanes, r.ramps_per_km, r.lane_drop ? 1 : 0, r.center_distance_km);
    out.close();
  }
  {
    Output out(root / "stations.csv");
    std::fputs(header(kStationColumns).c_str(), out.get());
    for (const Station& s : d.stations)
      std::fprintf(out.get(), "%lld,%s,%s,%.6f,%d,%d\n", static_cast<long long>(s.id), s.road.c_str(),
                   s.direction.c_str(), s.postmile_km, s.lanes, d.regions.at(s.region).id);
    out.close();
  }
  {
    Output out(root / "samples.csv");
    std::fputs(header(kSampleColumns).c_str(), out.get());
    for (const Sample& s : d.samples) {
      std::fprintf(out.get(), "%lld,%lld,%d,", static_cast<long long>(s.time_s),
                   static_cast<long long>(s.station_id), d.interval_s);
      put_float(out.get(), s.flow_vph, ",");
      put_float(out.get(), s.occupancy, ",");
      put_float(out.get(), s.speed_kph, ",");
      std::fputs(s.observed ? "1\n" : "0\n", out.get());
    }
    out.close();
  }
  {
    Output out(root / "incidents.csv");
    std::fputs(header(kIncidentColumns).c_str(), out.get());
    for (const Incident& i : d.incidents)
      std::fprintf(out.get(), "%lld,%s,%s,%.6f,%lld,%lld,%d,%s,%s\n", static_cast<long long>(i.id),
                   i.road.c_str(), i.direction.c_str(), i.postmile_km, static_cast<long long>(i.t_start_s),
                   static_cast<long long>(i.t_end_s), i.lanes_blocked, incident_type_name(i.type),
                   i.impactful < 0 ? "" : (i.impactful ? "1" : "0"));
    out.close();
  }
}

Dataset read_dataset_csv(const std::string& dir) {
  const std::filesystem::path root(dir);
  Dataset d;
  std::vector<std::string> f;

  std::unordered_map<int64_t, int> region_index;
  {
    CsvReader r((root / "regions.csv").string());
    r.expect_header(kRegionColumns);
    while (r.next(f)) {
      check_columns(r, f, kRegionColumns.size());
      Region g;
      g.id = static_cast<int>(r.to_int(f[0], "region_id"));
      g.road = f[1];
      g.direction = f[2];
      check_direction(r, g.direction);
      g.lanes = r.to_double(f[3], "lanes");
      g.ramps_per_km = r.to_double(f[4], "ramps_per_km");
      g.lane_drop = to_bool(r, f[5], "lane_drop");
      g.center_distance_km = r.to_double(f[6], "center_distance_km");
      if (!region_index.emplace(g.id, static_cast<int>(d.regions.size())).second)
        r.fail("duplicate region_id " + std::to_string(g.id));
      d.regions.push_back(g);
    }
  }
  std::unordered_set<int64_t> station_ids;
  {
    CsvReader r((root / "stations.csv").string());
    r.expect_header(kStationColumns);
    while (r.next(f)) {
      check_columns(r, f, kStationColumns.size());
      Station s;
      s.id = r.to_int(f[0], "station_id");
      s.road = f[1];
      s.direction = f[2];
      check_direction(r, s.direction);
      s.postmile_km = r.to_double(f[3], "postmile_km");
      s.lanes = static_cast<int>(r.to_int(f[4], "lanes"));
      if (s.lanes < 1) r.fail("lanes must be >= 1");
      const auto it = region_index.find(r.to_int(f[5], "region_id"));
      if (it == region_index.end()) r.fail("region_id " + f[5] + " is not in regions.csv");
      s.region = it->second;
      if (!station_ids.insert(s.id).second) r.fail("duplicate station_id " + f[0]);
      d.stations.push_back(s);
    }
  }
  {
    CsvReader r((root / "samples.csv").string());
    r.expect_header(kSampleColumns);
    bool first = true;
    while (r.next(f)) {
      check_columns(r, f, kSampleColumns.size());
      Sample s;
      s.time_s = r.to_int(f[0], "time_s");
      s.station_id = r.to_int(f[1], "station_id");
      if (!station_ids.count(s.station_id)) r.fail("station_id " + f[1] + " is not in stations.csv");
      const int interval = static_cast<int>(r.to_int(f[2], "interval_s"));
      if (first) {
        if (interval <= 0) r.fail("interval_s must be > 0");
        d.interval_s = interval;
        first = false;
      } else if (interval != d.interval_s) {
        r.fail("interval_s " + std::to_string(interval) + " differs from the first sample's " +
               std::to_string(d.interval_s));
      }
      s.flow_vph = static_cast<float>(r.to_double(f[3], "flow_vph", true));
      s.occupancy = static_cast<float>(r.to_double(f[4], "occupancy", true));
      s.speed_kph = static_cast<float>(r.to_double(f[5], "speed_kph", true));
      if (s.flow_vph < 0.0f || s.occupancy < 0.0f || s.occupancy > 1.0f || s.speed_kph < 0.0f)
        r.fail("flow and speed must be >= 0 and occupancy in [0, 1]");
      s.observed = to_bool(r, f[6], "observed");
      d.samples.push_back(s);
    }
  }
  {
    CsvReader r((root / "incidents.csv").string());
    r.expect_header(kIncidentColumns);
    while (r.next(f)) {
      check_columns(r, f, kIncidentColumns.size());
      Incident i;
      i.id = r.to_int(f[0], "incident_id");
      i.road = f[1];
      i.direction = f[2];
      check_direction(r, i.direction);
      i.postmile_km = r.to_double(f[3], "postmile_km");
      i.t_start_s = r.to_int(f[4], "t_start_s");
      i.t_end_s = r.to_int(f[5], "t_end_s");
      if (i.t_end_s < i.t_start_s) r.fail("t_end_s is before t_start_s");
      i.lanes_blocked = static_cast<int>(r.to_int(f[6], "lanes_blocked"));
      if (!parse_incident_type(f[7], i.type))
        r.fail("type '" + f[7] + "' is not shoulder_disablement, shoulder_accident or lane_blocking");
      i.impactful = f[8].empty() ? -1 : (to_bool(r, f[8], "impactful") ? 1 : 0);
      d.incidents.push_back(i);
    }
  }
  return d;
}

}  // namespace fedsec::traffic
