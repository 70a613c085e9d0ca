#pragma once
// The canonical traffic dataset: what the simulator writes, what every loader produces, and what
// features, models and metrics read. docs/traffic.md documents the CSV form of each table.

#include <cstdint>
#include <string>
#include <vector>

namespace fedsec::traffic {

// A detector station on a directional road. Downstream order: postmile ascending for directions
// N and E, descending for S and W (the PeMS convention).
struct Station {
  int64_t id = 0;
  std::string road;       // e.g. "101"
  std::string direction;  // N, S, E or W
  double postmile_km = 0.0;
  int lanes = 0;
  int region = 0;  // index into Dataset::regions
};

// A region: a contiguous block of stations served by one edge server, i.e. one network-lasso node.
// The descriptors feed the similarity half of the region graph.
struct Region {
  int id = 0;
  std::string road;
  std::string direction;
  double lanes = 0.0;               // mean lanes of its stations
  double ramps_per_km = 0.0;        // on- and off-ramps per km
  bool lane_drop = false;           // whether lanes are lost within the region
  double center_distance_km = 0.0;  // distance of its midpoint to the city centre
};

// One detector reading, lanes aggregated: flow summed, occupancy averaged, speed flow-weighted.
// Missing values are NaN; `observed` is false for missing or imputed readings.
struct Sample {
  int64_t time_s = 0;  // start of the interval, seconds since a midnight origin
  int64_t station_id = 0;
  float flow_vph = 0.0f;   // vehicles per hour over all lanes
  float occupancy = 0.0f;  // fraction of time a detector is occupied, 0..1
  float speed_kph = 0.0f;  // km/h
  bool observed = true;
};

enum class IncidentType { kShoulderDisablement, kShoulderAccident, kLaneBlocking };

// "shoulder_disablement", "shoulder_accident", "lane_blocking"; parse_incident_type returns false
// for any other text.
const char* incident_type_name(IncidentType type);
bool parse_incident_type(const std::string& text, IncidentType& type);

struct Incident {
  int64_t id = 0;
  std::string road;
  std::string direction;
  double postmile_km = 0.0;
  int64_t t_start_s = 0;  // onset (simulator) or reported start (logs)
  int64_t t_end_s = 0;    // cleared
  int lanes_blocked = 0;  // 0 for shoulder incidents, -1 when the log does not say
  IncidentType type = IncidentType::kLaneBlocking;
  // 1: the blockage held traffic back (the simulator saw demand exceed the residual capacity for
  // a while); 0: it did not, e.g. at night; -1: unknown (incident logs).
  int impactful = -1;
};

struct Dataset {
  int interval_s = 30;  // sampling interval of every Sample
  std::vector<Station> stations;
  std::vector<Region> regions;
  std::vector<Sample> samples;
  std::vector<Incident> incidents;
};

// True when a road direction runs toward decreasing postmiles (S, W).
bool postmile_decreases(const std::string& direction);

// Position along the direction of travel: +postmile for N/E, -postmile for S/W.
double along_travel_km(const std::string& direction, double postmile_km);

}  // namespace fedsec::traffic
