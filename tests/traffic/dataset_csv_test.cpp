#include "traffic/dataset_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "support/temp_dir.h"

namespace fedsec::traffic {
namespace {

namespace fs = std::filesystem;

Dataset tiny_dataset() {
  Dataset d;
  d.interval_s = 30;
  d.regions = {{7, "101", "S", 3.5, 0.8, true, 2.25}};
  d.stations = {{401833, "101", "S", 12.5, 4, 0}, {401834, "101", "S", 11.7, 3, 0}};
  const float nan = std::numeric_limits<float>::quiet_NaN();
  d.samples = {{0, 401833, 4020.5f, 0.1234567f, 101.25f, true},
               {30, 401833, nan, nan, nan, false},
               {0, 401834, 0.0f, 0.0f, nan, true}};
  d.incidents = {{5, "101", "S", 12.1, 100, 1900, 1, IncidentType::kLaneBlocking, 1},
                 {6, "101", "S", 11.9, 200, 800, 0, IncidentType::kShoulderAccident, -1}};
  return d;
}

TEST(DatasetCsv, WriteThenReadGivesTheSameDataset) {
  const fs::path dir = testing::fresh_temp_dir("dataset_csv/roundtrip");
  const Dataset a = tiny_dataset();
  write_dataset_csv(a, dir.string());
  const Dataset b = read_dataset_csv(dir.string());
  EXPECT_EQ(b.interval_s, 30);
  ASSERT_EQ(b.regions.size(), 1u);
  EXPECT_EQ(b.regions[0].id, 7);
  EXPECT_TRUE(b.regions[0].lane_drop);
  EXPECT_DOUBLE_EQ(b.regions[0].center_distance_km, 2.25);
  ASSERT_EQ(b.stations.size(), 2u);
  EXPECT_EQ(b.stations[1].id, 401834);
  EXPECT_EQ(b.stations[1].region, 0);
  EXPECT_EQ(b.stations[1].lanes, 3);
  ASSERT_EQ(b.samples.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const Sample &x = a.samples[i], &y = b.samples[i];
    EXPECT_EQ(x.time_s, y.time_s);
    EXPECT_EQ(x.observed, y.observed);
    for (auto [u, v] :
         {std::pair{x.flow_vph, y.flow_vph}, {x.occupancy, y.occupancy}, {x.speed_kph, y.speed_kph}}) {
      if (std::isnan(u))
        EXPECT_TRUE(std::isnan(v));
      else
        EXPECT_EQ(u, v);  // bit-exact float round trip
    }
  }
  ASSERT_EQ(b.incidents.size(), 2u);
  EXPECT_EQ(b.incidents[1].type, IncidentType::kShoulderAccident);
  EXPECT_EQ(b.incidents[0].t_end_s, 1900);
  EXPECT_EQ(b.incidents[0].impactful, 1);
  EXPECT_EQ(b.incidents[1].impactful, -1);  // unknown stays unknown
  fs::remove_all(dir);
}

TEST(DatasetCsv, MalformedRowNamesFileAndLine) {
  const fs::path dir = testing::fresh_temp_dir("dataset_csv/malformed");
  write_dataset_csv(tiny_dataset(), dir.string());
  {
    std::ofstream out(dir / "samples.csv", std::ios::app);
    out << "60,401833,30,12,0.1,abc,1\n";  // line 5: header + 3 rows before it
  }
  try {
    read_dataset_csv(dir.string());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("samples.csv:5:"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("speed_kph"));
  }
  fs::remove_all(dir);
}

TEST(DatasetCsv, RejectsUnknownStationsAndMixedIntervals) {
  const fs::path dir = testing::fresh_temp_dir("dataset_csv/references");
  write_dataset_csv(tiny_dataset(), dir.string());
  {
    std::ofstream out(dir / "samples.csv", std::ios::app);
    out << "60,999,30,12,0.1,80,1\n";
  }
  EXPECT_THROW(
      {
        try {
          read_dataset_csv(dir.string());
        } catch (const std::runtime_error& e) {
          EXPECT_THAT(e.what(), ::testing::HasSubstr("samples.csv:5: station_id 999 is not in stations.csv"));
          throw;
        }
      },
      std::runtime_error);
  write_dataset_csv(tiny_dataset(), dir.string());
  {
    std::ofstream out(dir / "samples.csv", std::ios::app);
    out << "60,401833,300,12,0.1,80,1\n";
  }
  EXPECT_THROW(read_dataset_csv(dir.string()), std::runtime_error);
  fs::remove_all(dir);
}

TEST(DatasetCsv, WrongHeaderIsReportedWithTheExpectedOne) {
  const fs::path dir = testing::fresh_temp_dir("dataset_csv/header");
  write_dataset_csv(tiny_dataset(), dir.string());
  std::ofstream(dir / "incidents.csv") << "id,road\n";
  try {
    read_dataset_csv(dir.string());
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(),
                ::testing::HasSubstr("incidents.csv:1: header is id,road, expected incident_id,road"));
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace fedsec::traffic
