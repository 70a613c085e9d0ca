#include "traffic/traffic_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "fl/errors.h"

namespace fedsec::traffic {
namespace {

using ::testing::HasSubstr;

// The message of the UsageError that parsing `yaml` throws ("" if it parses).
std::string error_of(const std::string& yaml, const std::vector<fl::Override>& overrides = {}) {
  try {
    parse_traffic_config(yaml, overrides, "t.yaml");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(TrafficConfig, AnEmptyConfigGivesTheDefaults) {
  const TrafficRunConfig c = parse_traffic_config("", {});
  const BenchmarkConfig d;
  EXPECT_EQ(c.benchmark.seed, d.seed);
  EXPECT_EQ(c.benchmark.scenario.corridors.size(), d.scenario.corridors.size());
  EXPECT_EQ(c.benchmark.scenario.corridors[0].lanes, d.scenario.corridors[0].lanes);
  EXPECT_EQ(c.benchmark.scenario.incidents.lane_blocking_per_day, d.scenario.incidents.lane_blocking_per_day);
  EXPECT_EQ(c.benchmark.admm.eps_abs, d.admm.eps_abs);
  EXPECT_EQ(c.benchmark.targets, d.targets);
  EXPECT_EQ(c.fedavg.hidden, FedAvgOptions{}.hidden);
  // The reference shows the code's defaults.
  EXPECT_EQ(traffic_config_schema().find("admm.eps_abs")->default_yaml, "0.0001");
  EXPECT_EQ(traffic_config_schema().find("scenario.demand.am_mean_h")->default_yaml, "7.75");
  EXPECT_EQ(corridor_schema().find("diagram.wave_speed_kph")->default_yaml, "18");
}

TEST(TrafficConfig, SetsNestedFieldsListsAndChoices) {
  const TrafficRunConfig c = parse_traffic_config(
      "run: {seed: 9}\n"
      "split: {train_days: 2, targets: lane_blocking}\n"
      "features: {map: linear}\n"
      "admm: {eps_abs: 1.0e-6, adapt_rho: false}\n"
      "california: {tentative: downstream_drop}\n"
      "fedavg: {hidden: [16, 8], rounds: 4}\n"
      "scenario:\n"
      "  days: 6\n"
      "  demand: {night_floor: 0.2}\n"
      "  corridors:\n"
      "    - {road: A, direction: E, stations: 6, diagram: {capacity_vphpl: 1900}}\n"
      "    - {road: A, direction: W, lanes: 2, lanes_after_drop: 1}\n"
      "  fixed_incidents:\n"
      "    - {corridor: 1, day: 2, start_s: 3600, type: shoulder_accident, lanes_blocked: 0}\n",
      {{"scenario.incidents.shoulder_per_day", "1.5"}});
  EXPECT_EQ(c.benchmark.seed, 9u);
  EXPECT_EQ(c.benchmark.train_days, 2);
  EXPECT_EQ(c.benchmark.targets, BenchmarkConfig::Targets::kLaneBlocking);
  EXPECT_EQ(c.benchmark.feature_map, BenchmarkConfig::FeatureMap::kLinear);
  EXPECT_EQ(c.benchmark.admm.eps_abs, 1e-6);
  EXPECT_FALSE(c.benchmark.admm.adapt_rho);
  EXPECT_EQ(c.benchmark.california.tentative, CaliforniaOptions::TentativeTest::kDownstreamDrop);
  EXPECT_EQ(c.fedavg.hidden, (std::vector<int64_t>{16, 8}));
  EXPECT_EQ(c.fedavg.rounds, 4);
  const ScenarioConfig& s = c.benchmark.scenario;
  EXPECT_EQ(s.days, 6);
  EXPECT_EQ(s.demand.night_floor, 0.2);
  EXPECT_EQ(s.incidents.shoulder_per_day, 1.5);
  ASSERT_EQ(s.corridors.size(), 2u);
  EXPECT_EQ(s.corridors[0].direction, "E");
  EXPECT_EQ(s.corridors[0].stations, 6);
  EXPECT_EQ(s.corridors[0].diagram.capacity_vphpl, 1900.0);
  EXPECT_EQ(s.corridors[0].lanes, CorridorConfig{}.lanes);  // unset item keys keep their defaults
  EXPECT_EQ(s.corridors[1].lanes, 2);
  ASSERT_EQ(s.fixed_incidents.size(), 1u);
  EXPECT_EQ(s.fixed_incidents[0].corridor, 1);
  EXPECT_EQ(s.fixed_incidents[0].start_s, 3600.0);
  EXPECT_EQ(s.fixed_incidents[0].type, IncidentType::kShoulderAccident);
}

TEST(TrafficConfig, UnknownKeysNameTheNearestValidKey) {
  EXPECT_THAT(error_of("admm: {eps_ab: 1}"),
              HasSubstr("unknown key 'admm.eps_ab'; did you mean 'admm.eps_abs'?"));
  EXPECT_THAT(error_of("scenario: {corridor: []}"), HasSubstr("did you mean 'scenario.corridors'?"));
  EXPECT_THAT(error_of("scenario: {corridors: [{lanse: 2}]}"),
              HasSubstr("t.yaml: scenario.corridors[0]: unknown key 'lanse'; did you mean 'lanes'?"));
  EXPECT_THAT(error_of("", {{"fedavg.round", "3"}}), HasSubstr("did you mean 'fedavg.rounds'?"));
}

TEST(TrafficConfig, WrongTypesAndRangesNameTheKeyAndWhatIsAllowed) {
  EXPECT_THAT(error_of("split: {train_days: many}"),
              HasSubstr("key 'split.train_days' = many has the wrong type: expected an integer >= 1"));
  EXPECT_THAT(error_of("ocsvm: {nu: 1.5}"),
              HasSubstr("key 'ocsvm.nu' = 1.5 is out of range: expected a number > 0"));
  EXPECT_THAT(error_of("features: {map: rbf}"), HasSubstr("expected one of: random_fourier, linear"));
  EXPECT_THAT(error_of("scenario: {corridors: [{direction: NE}]}"), HasSubstr("expected one of: N, S, E, W"));
  EXPECT_THAT(error_of("scenario: {corridors: {road: A}}"),
              HasSubstr("key 'scenario.corridors' must be a list of maps"));
  EXPECT_THAT(error_of("", {{"scenario.corridors", "[]"}}), HasSubstr("set it in the config file"));
  EXPECT_THAT(error_of("split: ["), HasSubstr("invalid YAML"));
}

TEST(TrafficConfig, CrossFieldChecksRunAfterParsing) {
  EXPECT_THAT(error_of("scenario: {days: 3}"), HasSubstr("scenario.days must cover"));
  EXPECT_THAT(error_of("scenario: {corridors: []}"), HasSubstr("corridors must not be empty"));
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(TrafficConfig, TheCommittedDefaultConfigLoads) {
  const TrafficRunConfig c = load_traffic_config(std::string(FEDSEC_SOURCE_DIR) + "/configs/traffic.yaml");
  EXPECT_GE(c.benchmark.scenario.days,
            c.benchmark.train_days + c.benchmark.validation_days + c.benchmark.test_days);
}

TEST(TrafficConfig, DocsHoldTheGeneratedKeyReference) {
  const std::string doc = read(std::string(FEDSEC_SOURCE_DIR) + "/docs/traffic.md");
  const std::string begin = "<!-- traffic-config-reference: begin -->\n",
                    end = "<!-- traffic-config-reference: end -->";
  const auto from = doc.find(begin), to = doc.find(end);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  EXPECT_EQ(doc.substr(from + begin.size(), to - from - begin.size()), traffic_config_markdown())
      << "regenerate the reference with `fedsec traffic config-doc`";
}

}  // namespace
}  // namespace fedsec::traffic
