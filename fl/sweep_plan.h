#pragma once
// A sweep file expanded into cells. A sweep file is YAML:
//
//   base: quickstart.yaml            # experiment config, relative to the sweep file
//   overrides: {federation.rounds: 50}  # applied to every cell (optional)
//   grid:                            # cartesian product, first key varies slowest (optional)
//     model.name: [mlp, convnet]
//   zip:                             # lists advanced together, all the same length (optional)
//     partition.name: [dirichlet, dirichlet, iid]
//     partition.alpha: [0.1, 0.5, 1.0]
//
// The cells are grid x zip. Keys are checked against the experiment schema when each cell's
// config is built, so a typo fails before the first cell runs.

#include <string>
#include <vector>

#include "fl/config.h"

namespace fedsec::fl {

struct SweepCell {
  std::vector<Override> overrides;  // shared overrides, then this cell's swept values
  std::vector<Override> swept;      // only the swept values, in column order
  std::string name;                 // directory name: readable and unique per swept values
};

struct SweepPlan {
  std::string base_config_path;
  std::vector<std::string> swept_keys;  // results.csv columns, in order
  std::vector<SweepCell> cells;
};

// Reads and expands a sweep file; throws UsageError naming the file and the problem.
SweepPlan load_sweep_plan(const std::string& path);

// As load_sweep_plan, from text; base paths are resolved relative to base_dir.
SweepPlan parse_sweep_plan(const std::string& yaml_text, const std::string& base_dir,
                           const std::string& origin);

}  // namespace fedsec::fl
