#include "fl/sweep_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "fl/errors.h"

namespace fedsec::fl {
namespace {

using ::testing::HasSubstr;

TEST(SweepPlan, GridIsCartesianProductTimesZip) {
  const auto plan = parse_sweep_plan(
      "base: exp.yaml\n"
      "overrides: {federation.rounds: 5}\n"
      "grid: {model.name: [mlp, convnet], client.lr: [0.1, 0.01, 0.001]}\n"
      "zip: {partition.name: [dirichlet, iid], partition.alpha: [0.1, 1.0]}\n",
      "/cfg", "sweep.yaml");
  EXPECT_EQ(plan.base_config_path, "/cfg/exp.yaml");
  ASSERT_EQ(plan.cells.size(), 2u * 3u * 2u);
  EXPECT_EQ(plan.swept_keys,
            (std::vector<std::string>{"model.name", "client.lr", "partition.name", "partition.alpha"}));
  std::set<std::string> names, combos;
  for (const auto& cell : plan.cells) {
    names.insert(cell.name);
    ASSERT_EQ(cell.swept.size(), 4u);
    EXPECT_EQ(cell.overrides.front().path, "federation.rounds");
    // Zipped values move together.
    EXPECT_EQ(cell.swept[2].value_yaml == "iid", cell.swept[3].value_yaml == "1.0");
    combos.insert(cell.swept[0].value_yaml + cell.swept[1].value_yaml + cell.swept[2].value_yaml);
  }
  EXPECT_EQ(names.size(), plan.cells.size());
  EXPECT_EQ(combos.size(), plan.cells.size());
  EXPECT_EQ(plan.cells[0].swept[0].value_yaml, "mlp");  // first grid key varies slowest
  EXPECT_EQ(plan.cells[0].swept[1].value_yaml, "0.1");
  EXPECT_EQ(plan.cells[2].swept[1].value_yaml, "0.01");
}

TEST(SweepPlan, CellNamesAreStableAcrossParses) {
  const std::string text = "base: e.yaml\ngrid: {client.lr: [0.1, 0.2]}\n";
  EXPECT_EQ(parse_sweep_plan(text, ".", "s").cells[1].name, parse_sweep_plan(text, ".", "s").cells[1].name);
}

TEST(SweepPlan, BadSweepFilesAreUsageErrors) {
  auto error_of = [](const std::string& text) {
    try {
      parse_sweep_plan(text, ".", "sweep.yaml");
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_THAT(error_of("grid: {a: [1]}\n"), HasSubstr("'base'"));
  EXPECT_THAT(error_of("base: e.yaml\ngird: {a: [1]}\n"), HasSubstr("unknown sweep key 'gird'"));
  EXPECT_THAT(error_of("base: e.yaml\nzip: {a: [1, 2], b: [1]}\n"), HasSubstr("equal lengths"));
  EXPECT_THAT(error_of("base: e.yaml\ngrid: {a: []}\n"), HasSubstr("non-empty list"));
  EXPECT_THAT(error_of("base: e.yaml\ngrid: {a: [1]}\nzip: {a: [2]}\n"), HasSubstr("swept twice"));
}

}  // namespace
}  // namespace fedsec::fl
