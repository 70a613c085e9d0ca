#include "fl/sweep_plan.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fl/errors.h"
#include "fl/rng.h"

namespace fedsec::fl {
namespace {

[[noreturn]] void fail_plan(const std::string& origin, const std::string& message) {
  throw UsageError(origin + ": " + message);
}

std::string flow(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

struct Axis {
  std::string key;
  std::vector<std::string> values;
};

std::vector<Axis> read_axes(const YAML::Node& node, const std::string& section, const std::string& origin) {
  std::vector<Axis> axes;
  if (!node) return axes;
  if (!node.IsMap()) fail_plan(origin, "'" + section + "' must be a map from config keys to lists of values");
  for (const auto& entry : node) {
    Axis axis{entry.first.as<std::string>(), {}};
    if (!entry.second.IsSequence() || entry.second.size() == 0)
      fail_plan(origin, "'" + section + "." + axis.key + "' must be a non-empty list of values");
    for (const auto& v : entry.second) axis.values.push_back(flow(v));
    axes.push_back(std::move(axis));
  }
  return axes;
}

// A directory name made of the swept values, kept short and filesystem-safe, plus a hash that
// keeps it unique.
std::string cell_name(const std::vector<Override>& swept) {
  std::string text, readable;
  for (const auto& o : swept) {
    text += o.path + "=" + o.value_yaml + ";";
    readable += (readable.empty() ? "" : "_") + o.path + "-" + o.value_yaml;
  }
  for (char& c : readable)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
  if (readable.size() > 80) readable.resize(80);
  char hash[17];
  std::snprintf(hash, sizeof hash, "%08llx", static_cast<unsigned long long>(derive_seed(0, text) >> 32));
  return (readable.empty() ? "cell" : readable) + "-" + hash;
}

}  // namespace

SweepPlan parse_sweep_plan(const std::string& yaml_text, const std::string& base_dir,
                           const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    fail_plan(origin, std::string("invalid YAML: ") + e.what());
  }
  if (!root.IsMap()) fail_plan(origin, "expected a map with keys base, overrides, grid, zip");
  for (const auto& entry : root) {
    const auto key = entry.first.as<std::string>();
    if (key != "base" && key != "overrides" && key != "grid" && key != "zip")
      fail_plan(origin, "unknown sweep key '" + key + "'; allowed: base, overrides, grid, zip");
  }
  if (!root["base"] || !root["base"].IsScalar())
    fail_plan(origin, "'base' (the experiment config file) is required");

  SweepPlan plan;
  const std::filesystem::path base(root["base"].Scalar());
  plan.base_config_path =
      (base.is_absolute() ? base : std::filesystem::path(base_dir) / base).lexically_normal().string();

  std::vector<Override> shared;
  if (const auto node = root["overrides"]) {
    if (!node.IsMap()) fail_plan(origin, "'overrides' must be a map from config keys to values");
    for (const auto& entry : node) shared.push_back({entry.first.as<std::string>(), flow(entry.second)});
  }
  const auto grid = read_axes(root["grid"], "grid", origin);
  const auto zip = read_axes(root["zip"], "zip", origin);
  for (const auto& axis : zip)
    if (axis.values.size() != zip.front().values.size())
      fail_plan(origin, "'zip' lists must have equal lengths: '" + zip.front().key + "' has " +
                            std::to_string(zip.front().values.size()) + ", '" + axis.key + "' has " +
                            std::to_string(axis.values.size()));
  for (const auto& axis : grid) plan.swept_keys.push_back(axis.key);
  for (const auto& axis : zip) plan.swept_keys.push_back(axis.key);
  for (size_t i = 0; i < plan.swept_keys.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (plan.swept_keys[i] == plan.swept_keys[j])
        fail_plan(origin, "key '" + plan.swept_keys[i] + "' is swept twice");

  size_t grid_cells = 1;
  for (const auto& axis : grid) grid_cells *= axis.values.size();
  const size_t zip_len = zip.empty() ? 1 : zip.front().values.size();
  for (size_t g = 0; g < grid_cells; ++g) {
    for (size_t z = 0; z < zip_len; ++z) {
      SweepCell cell;
      size_t rest = g;
      std::vector<Override> grid_values(grid.size());
      for (size_t a = grid.size(); a-- > 0;) {
        grid_values[a] = {grid[a].key, grid[a].values[rest % grid[a].values.size()]};
        rest /= grid[a].values.size();
      }
      cell.swept = grid_values;
      for (const auto& axis : zip) cell.swept.push_back({axis.key, axis.values[z]});
      cell.overrides = shared;
      cell.overrides.insert(cell.overrides.end(), cell.swept.begin(), cell.swept.end());
      cell.name = cell_name(cell.swept);
      plan.cells.push_back(std::move(cell));
    }
  }
  return plan;
}

SweepPlan load_sweep_plan(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(path + ": cannot open sweep file");
  std::stringstream text;
  text << in.rdbuf();
  return parse_sweep_plan(text.str(), std::filesystem::path(path).parent_path().string(), path);
}

}  // namespace fedsec::fl
