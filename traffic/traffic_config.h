#pragma once
// The YAML form of a traffic run (`fedsec traffic simulate` and `fedsec traffic bench`): every
// field of BenchmarkConfig (with its ScenarioConfig) and of FedAvgOptions under a dotted key, e.g.
// `scenario.incidents.lane_blocking_per_day` or `admm.eps_abs`. Keys left out keep the defaults of
// those structs. `scenario.corridors` and `scenario.fixed_incidents` are lists of maps whose items
// take the keys of corridor_schema() and fixed_incident_schema(); a corridors list replaces the
// default network. Unknown keys (with the nearest valid key), wrong types and out-of-range values
// are fedsec::UsageError naming the key and what is allowed.

#include <string>
#include <vector>

#include "fl/config.h"
#include "fl/config_schema.h"
#include "traffic/benchmark_config.h"
#include "traffic/fedavg_options.h"

namespace fedsec::traffic {

struct TrafficRunConfig {
  BenchmarkConfig benchmark;
  FedAvgOptions fedavg;
};

// The top-level keys, the two list keys among them, with defaults from TrafficRunConfig{}.
const fl::ConfigSchema& traffic_config_schema();
// The keys of one item of scenario.corridors (defaults from CorridorConfig{}) and of
// scenario.fixed_incidents (defaults from FixedIncident{}).
const fl::ConfigSchema& corridor_schema();
const fl::ConfigSchema& fixed_incident_schema();

// Parses YAML text; `overrides` ("key.path=value", not the list keys) apply after it. Checks the
// result with BenchmarkConfig::validate(). `origin` names the source in messages.
TrafficRunConfig parse_traffic_config(const std::string& yaml_text,
                                      const std::vector<fl::Override>& overrides,
                                      const std::string& origin = "config");
// As parse_traffic_config, reading the file; a missing file is a UsageError.
TrafficRunConfig load_traffic_config(const std::string& path,
                                     const std::vector<fl::Override>& overrides = {});

// Markdown reference of every key (the generated section of docs/traffic.md).
std::string traffic_config_markdown();

}  // namespace fedsec::traffic
