#pragma once
// Reads Caltrans PeMS clearinghouse files into the canonical Dataset (research note 3.2):
//  - station metadata (dNN_text_meta_*.txt, tab-separated, with a header naming ID, Fwy, Dir,
//    Abs_PM, Type, Lanes and optionally Latitude, Longitude);
//  - station data, either raw 30-second files (timestamp, station, then flow/occupancy/speed per
//    lane) or 5-minute files (12 fixed columns, then 5 per lane);
//  - CHP incident files (20 columns; id, timestamp, description, freeway, direction, absolute
//    postmile, duration in minutes).
// Files must be decompressed first. Timestamps "MM/DD/YYYY HH:MM:SS" become seconds since
// 1970-01-01 00:00 of the same wall clock (no time zone). Postmiles are converted to km. Speeds
// in mph become km/h. A malformed row throws std::runtime_error naming file and line.

#include <string>
#include <vector>

#include "traffic/dataset.h"

namespace fedsec::traffic {

struct PemsOptions {
  enum class Format { kRaw30s, kFiveMinute };
  std::string metadata_file;
  std::vector<std::string> station_files;
  Format format = Format::kFiveMinute;
  std::vector<std::string> incident_files;
  std::string lane_type = "ML";        // stations of other types (ramps, HOV) are not detection stations
  int stations_per_region = 5;         // consecutive stations along a road direction form a region
  double match_tolerance_km = 0.8;     // incidents further than this from every station are dropped
  double default_duration_min = 30.0;  // for incidents logged without a duration
  double min_observed_percent = 50.0;  // 5-minute rows below this "% Observed" are marked not observed
};

// Stations of lane_type from the metadata, grouped into regions per road direction in travel order
// (region descriptors: mean lanes, on/off-ramp stations per km, lane drop, distance to the mean
// position of all stations as the "centre"); samples of those stations only; incidents on their
// road directions within match_tolerance_km of the station range. Collisions become lane_blocking
// with unknown lanes (-1), every other CHP incident shoulder_disablement.
Dataset load_pems(const PemsOptions& options);

// Seconds since 1970-01-01 00:00:00 for "MM/DD/YYYY HH:MM:SS"; false if the text is not one.
bool parse_pems_timestamp(const std::string& text, int64_t& seconds);

}  // namespace fedsec::traffic
