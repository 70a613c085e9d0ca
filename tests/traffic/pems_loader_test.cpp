#include "traffic/pems_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace fedsec::traffic {
namespace {

namespace fs = std::filesystem;

class PemsLoader : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fedsec_pems_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    // Southbound: travel order is decreasing postmile, so 3 -> 2 -> 1; an on-ramp at 10.5.
    write("meta.txt",
          "ID\tFwy\tDir\tDistrict\tAbs_PM\tLatitude\tLongitude\tType\tLanes\tName\n"
          "1\t101\tS\t4\t10.0\t37.0\t-122.0\tML\t3\tA\n"
          "2\t101\tS\t4\t10.5\t37.01\t-122.0\tML\t3\tB\n"
          "3\t101\tS\t4\t11.0\t37.02\t-122.0\tML\t4\tC\n"
          "9\t101\tS\t4\t10.6\t37.01\t-122.0\tOR\t1\tramp\n");
    options_.metadata_file = path("meta.txt");
    options_.stations_per_region = 3;
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
  PemsOptions options_;
};

TEST_F(PemsLoader, FiveMinuteFileMapsTotalsIntoTheSchema) {
  write("5min.txt",
        "10/04/2022 00:00:00,1,4,101,S,ML,.445,30,100,88,.0129,62\n"
        "10/04/2022 00:05:00,1,4,101,S,ML,.445,30,20,,.0100,\n"
        "10/04/2022 00:00:00,9,4,101,S,OR,.1,10,100,30,.02,40\n");
  options_.station_files = {path("5min.txt")};
  const Dataset d = load_pems(options_);
  EXPECT_EQ(d.interval_s, 300);
  ASSERT_EQ(d.stations.size(), 3u);  // the on-ramp is not a detection station
  EXPECT_EQ(d.stations[0].id, 3);    // upstream first
  EXPECT_EQ(d.stations[2].id, 1);
  EXPECT_NEAR(d.stations[0].postmile_km, 11.0 * 1.609344, 1e-9);
  ASSERT_EQ(d.regions.size(), 1u);
  EXPECT_TRUE(d.regions[0].lane_drop);  // 4 lanes then 3
  EXPECT_NEAR(d.regions[0].ramps_per_km, 1.0 / (1.609344), 1e-9);
  ASSERT_EQ(d.samples.size(), 2u);
  EXPECT_EQ(d.samples[0].time_s, 1664841600);  // 2022-10-04 00:00:00
  EXPECT_FLOAT_EQ(d.samples[0].flow_vph, 88.0f * 12.0f);
  EXPECT_FLOAT_EQ(d.samples[0].occupancy, 0.0129f);
  EXPECT_NEAR(d.samples[0].speed_kph, 62.0 * 1.609344, 1e-4);
  EXPECT_TRUE(d.samples[0].observed);
  EXPECT_TRUE(std::isnan(d.samples[1].flow_vph));
  EXPECT_FALSE(d.samples[1].observed);  // 20 % observed and flow missing
}

TEST_F(PemsLoader, RawFileSumsFlowAveragesOccupancyAndWeightsSpeed) {
  write("raw.txt", "10/04/2022 07:00:30,1,10,0.10,60,20,0.20,30,,,\n");
  options_.format = PemsOptions::Format::kRaw30s;
  options_.station_files = {path("raw.txt")};
  const Dataset d = load_pems(options_);
  EXPECT_EQ(d.interval_s, 30);
  ASSERT_EQ(d.samples.size(), 1u);
  EXPECT_FLOAT_EQ(d.samples[0].flow_vph, 30.0f * 120.0f);
  EXPECT_FLOAT_EQ(d.samples[0].occupancy, 0.15f);
  EXPECT_NEAR(d.samples[0].speed_kph, (10 * 60 + 20 * 30) / 30.0 * 1.609344, 1e-4);
  EXPECT_FALSE(d.samples[0].observed);  // lane 3 of 3 reported nothing
}

TEST_F(PemsLoader, IncidentsAreMatchedToMonitoredRoadsAndTyped) {
  std::string rows;
  auto row = [](const std::string& id, const std::string& desc, const std::string& fwy,
                const std::string& dir, const std::string& pm, const std::string& minutes) {
    return id + ",CC,1,10/04/2022 07:10:00," + desc + ",loc,area,z,xy,37.0,-122.0,4,1,2," + fwy + "," + dir +
           ",x," + pm + ",1," + minutes + "\n";
  };
  rows += row("100", "1183-Trfc Collision-Unkn Inj", "101", "S", "10.2", "45");
  rows += row("101", "1125-Traffic Hazard", "101", "S", "10.8", "");
  rows += row("102", "1183-Trfc Collision-Unkn Inj", "101", "N", "10.2", "45");  // other direction
  rows += row("103", "1183-Trfc Collision-Unkn Inj", "101", "S", "30.0", "45");  // far away
  rows += row("104", "1183-Trfc Collision-Unkn Inj", "", "", "", "");            // not on a freeway
  write("chp.txt", rows);
  options_.incident_files = {path("chp.txt")};
  const Dataset d = load_pems(options_);
  ASSERT_EQ(d.incidents.size(), 2u);
  EXPECT_EQ(d.incidents[0].type, IncidentType::kLaneBlocking);
  EXPECT_EQ(d.incidents[0].lanes_blocked, -1);
  EXPECT_EQ(d.incidents[0].t_end_s - d.incidents[0].t_start_s, 45 * 60);
  EXPECT_EQ(d.incidents[1].type, IncidentType::kShoulderDisablement);
  EXPECT_EQ(d.incidents[1].t_end_s - d.incidents[1].t_start_s, 30 * 60);  // default duration
}

TEST_F(PemsLoader, MalformedRowNamesFileAndLine) {
  write("5min.txt",
        "10/04/2022 00:00:00,1,4,101,S,ML,.445,30,100,88,.0129,62\n"
        "10/04/2022 00:05:00,1,4,101,S,ML,.445,30,100,88,1.7,62\n");
  options_.station_files = {path("5min.txt")};
  try {
    load_pems(options_);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(),
                ::testing::HasSubstr("5min.txt:2: flow and speed must be >= 0 and occupancy in [0, 1]"));
  }
  write("5min.txt", "2022-10-04 00:00,1,4,101,S,ML,.445,30,100,88,.0129,62\n");
  EXPECT_THROW(
      {
        try {
          load_pems(options_);
        } catch (const std::runtime_error& e) {
          EXPECT_THAT(e.what(), ::testing::HasSubstr("5min.txt:1: timestamp"));
          throw;
        }
      },
      std::runtime_error);
}

TEST(PemsTimestamp, ParsesWallClockSecondsAndRejectsOtherForms) {
  int64_t t = 0;
  ASSERT_TRUE(parse_pems_timestamp("01/01/1970 00:00:00", t));
  EXPECT_EQ(t, 0);
  ASSERT_TRUE(parse_pems_timestamp("02/29/2024 23:59:59", t));
  EXPECT_EQ(t, 1709251199);
  EXPECT_FALSE(parse_pems_timestamp("13/01/2024 00:00:00", t));
  EXPECT_FALSE(parse_pems_timestamp("01/01/2024 00:00", t));
  EXPECT_FALSE(parse_pems_timestamp("01/01/2024 00:00:00 PM", t));
}

}  // namespace
}  // namespace fedsec::traffic
