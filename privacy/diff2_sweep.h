#pragma once
// Runs a sweep of `fedsec diff2` experiments. The sweep file has the format of fl/sweep_plan.h
// (base config, shared overrides, grid and zip of dotted keys) with a `fedsec diff2` config as its
// base. Every cell runs under OUT/cells/<cell name>/ (rounds.jsonl, summary.json), and
// OUT/results.csv holds one row per finished cell: cell, the swept keys, then
// diff2_results_columns(). The table is rewritten atomically from the cells' summary.json files
// after every cell, so an interrupted sweep run again skips finished cells and reruns the others.

#include <string>
#include <vector>

#include "fl/sweep_plan.h"

namespace fedsec::privacy {

struct Diff2SweepOutcome {
  int cells = 0;
  int skipped = 0;  // finished before this run
  int ran = 0;
  int failed = 0;  // runtime failures; each cell's error is in its error.txt
};

// Validates every cell's config first (fedsec::UsageError on the first bad one), then runs the
// unfinished cells, `jobs` at a time.
Diff2SweepOutcome run_diff2_sweep(const fl::SweepPlan& plan, const std::string& out_dir, int jobs);

// The summary columns of results.csv after "cell" and the swept keys.
const std::vector<std::string>& diff2_results_columns();

}  // namespace fedsec::privacy
