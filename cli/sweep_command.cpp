#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "attacks/inversion/inversion_experiment.h"
#include "attacks/inversion/inversion_sweep.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "fedsec.h"
#include "fl/sweep_runner.h"
#ifdef FEDSEC_WITH_MPI
#include "dist/mpi_sweep.h"
#endif

namespace fedsec::cli {

void add_sweep_command(CLI::App& app) {
  struct Options {
    std::string sweep;
    std::string out;
    int jobs = 1;
    bool no_progress = false;
  };
  auto options = std::make_shared<Options>();
  auto* sweep =
      app.add_subcommand("sweep", "Run every cell of a sweep file: fedsec sweep SWEEP.yaml --out DIR");
  sweep->add_option("sweep", options->sweep, "Sweep YAML file")->required();
  sweep->add_option("--out", options->out, "Results directory (re-running it resumes)")->required();
  sweep
      ->add_option("--jobs", options->jobs,
                   "Cells run in parallel in this process (under mpirun: on rank 0, beside the other ranks)")
      ->check(CLI::PositiveNumber);
  sweep->add_flag("--no-progress", options->no_progress, "Do not draw the progress bar");
  sweep->callback([options] {
    const fl::SweepPlan plan = fl::load_sweep_plan(options->sweep);
    fl::SweepOptions sweep_options;
    sweep_options.jobs = options->jobs;
    sweep_options.progress = !options->no_progress;
#ifdef FEDSEC_WITH_MPI
    // Under mpirun with several ranks, rank 0 hands out the cells and alone writes and prints.
    std::unique_ptr<dist::MpiCellDispatcher> dispatcher;
    if (auto* world = dist::MpiWorld::current(); world && world->size() > 1) {
      dispatcher = std::make_unique<dist::MpiCellDispatcher>(*world);
      sweep_options.dispatcher = dispatcher.get();
    }
    const bool prints = !dispatcher || dispatcher->writes_results();
#else
    const bool prints = true;
#endif
    std::vector<std::string> columns{"cell"};
    columns.insert(columns.end(), plan.swept_keys.begin(), plan.swept_keys.end());
    fl::SweepOutcome outcome;
    if (attacks::is_inversion_config(plan.base_config_path)) {
      outcome = attacks::run_inversion_sweep(plan, options->out, sweep_options);
      for (const auto& c : attacks::inversion_summary_columns())
        if (c.find(".psnr") != std::string::npos) columns.push_back(c);
    } else {
      outcome = fl::run_sweep(plan, make_registry(), options->out, sweep_options);
      for (const char* c : {"rounds", "final_test_accuracy", "best_test_accuracy", "seconds_per_round"})
        columns.push_back(c);
    }
    if (!prints) return;
    std::cout << format_csv_table(options->out + "/results.csv", columns);
    if (outcome.failed > 0)
      throw std::runtime_error(std::to_string(outcome.failed) + " of " + std::to_string(outcome.cells) +
                               " cells failed; see error.txt in their directories");
  });
}

}  // namespace fedsec::cli
