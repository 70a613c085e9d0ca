#pragma once
// Runs a sweep: every cell of a SweepPlan is one experiment under OUT/cells/<cell name>/, and
// OUT/results.csv holds one row per completed cell (swept values, then summary metrics). The
// table is rewritten atomically after each cell, from the cells' summary.json files, so a sweep
// killed at any moment and run again skips finished cells, reruns unfinished ones from scratch,
// and never loses, duplicates or tears a row.

#include <functional>
#include <string>
#include <vector>

#include "fl/components.h"
#include "fl/sweep_plan.h"

namespace fedsec::fl {

// Where the cells of a sweep run when not only on this process's threads (MPI ranks, dist/).
class CellDispatcher {
 public:
  virtual ~CellDispatcher() = default;
  // False on a process that only runs the cells it is handed (an MPI rank other than 0):
  // run_sweep() then writes neither results.csv nor progress there.
  virtual bool writes_results() const = 0;
  // Has run_cell(index) called exactly once for each index of `pending`, here (on `jobs`
  // threads) or in other processes, and calls finished(index, ok) here once for each, with ok
  // what run_cell returned. finished() is thread-safe. A process that does not write results
  // runs the cells it is handed and ignores `pending`.
  virtual void dispatch(const std::vector<size_t>& pending, int jobs,
                        const std::function<bool(size_t)>& run_cell,
                        const std::function<void(size_t, bool)>& finished) = 0;
};

struct SweepOptions {
  int jobs = 1;                          // cells run in parallel in this process
  bool progress = true;                  // progress display on stderr
  CellDispatcher* dispatcher = nullptr;  // null: every cell runs on this process's threads
};

struct SweepOutcome {
  int cells = 0;
  int skipped = 0;  // already complete before this run
  int ran = 0;
  int failed = 0;  // runtime failures; each cell's error is in its error.txt
};

// What a sweep runs in each cell. A cell is complete once run() has written DIR/summary.json, a
// JSON object whose entries named by metric_columns() become the cell's results.csv columns.
class SweepTask {
 public:
  virtual ~SweepTask() = default;
  // Builds and checks the config of cell `index` of the plan; throws UsageError on a bad one.
  virtual void prepare(size_t index, const SweepCell& cell) = 0;
  // Runs prepared cell `index` into `dir` (which does not exist yet), reporting (step, total).
  virtual void run(size_t index, const std::string& dir, const std::function<void(int, int)>& progress) = 0;
  virtual const std::vector<std::string>& metric_columns() const = 0;
};

// Prepares every cell before running any (UsageError on the first bad one), then runs the cells
// not yet complete.
SweepOutcome run_sweep(const SweepPlan& plan, SweepTask& task, const std::string& out_dir,
                       const SweepOptions& options);

// The simulator's sweep: every cell is an experiment (`fedsec run`) built from the base config.
SweepOutcome run_sweep(const SweepPlan& plan, const Registry& registry, const std::string& out_dir,
                       const SweepOptions& options);

// The metrics columns of an experiment sweep's results.csv, after "cell" and the swept keys.
const std::vector<std::string>& results_metric_columns();

}  // namespace fedsec::fl
