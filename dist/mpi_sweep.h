#pragma once
// Sweeps across MPI ranks (mpirun -np K fedsec sweep SWEEP.yaml --out DIR). Rank 0 keeps the queue
// of pending cells and hands the next one to whichever rank asks, so fast cells never wait for
// slow ones; it also runs cells on its own --jobs threads. Every rank runs its cells into
// DIR/cells/<name> (a file system all ranks share) and reports to rank 0, which alone writes
// results.csv. Resuming is as on one machine: a cell is complete once its summary.json exists. A
// rank that dies mid-cell leaves only that cell unfinished; the MPI launcher then ends the job,
// and the next run redoes that cell.

#include "dist/mpi_world.h"
#include "fl/sweep_runner.h"

namespace fedsec::dist {

class MpiCellDispatcher final : public fl::CellDispatcher {
 public:
  explicit MpiCellDispatcher(MpiWorld& world) : world_(world) {}

  bool writes_results() const override { return world_.rank() == 0; }
  void dispatch(const std::vector<size_t>& pending, int jobs, const std::function<bool(size_t)>& run_cell,
                const std::function<void(size_t, bool)>& finished) override;

 private:
  void coordinate(const std::vector<size_t>& pending, int jobs, const std::function<bool(size_t)>& run_cell,
                  const std::function<void(size_t, bool)>& finished);
  void work(const std::function<bool(size_t)>& run_cell);

  MpiWorld& world_;
};

}  // namespace fedsec::dist
