#pragma once
// `fedsec sweep` over gradient-inversion runs: when the sweep's base config is an inversion config
// (it has a top-level `inversion` section), every cell is one `fedsec attack invert` run and
// results.csv gets the per-method means of summary.json (inversion_summary_columns()).

#include <string>

#include "fl/sweep_plan.h"
#include "fl/sweep_runner.h"

namespace fedsec::attacks {

// True if the YAML file has a top-level `inversion` key; false for any other readable mapping.
// Throws fedsec::UsageError if the file cannot be read or parsed.
bool is_inversion_config(const std::string& path);

fl::SweepOutcome run_inversion_sweep(const fl::SweepPlan& plan, const std::string& out_dir,
                                     const fl::SweepOptions& options);

}  // namespace fedsec::attacks
