#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "fl/errors.h"
#include "privacy/diff2_config.h"
#include "privacy/diff2_experiment.h"
#include "privacy/diff2_sweep.h"

namespace fedsec::cli {

void add_diff2_command(CLI::App& app) {
  struct Options {
    std::string config;
    std::vector<std::string> overrides;
    std::string sweep;
    std::string out;
    int jobs = 1;
    bool quiet = false;
  };
  auto options = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "diff2",
      "DIFF2-GD / DP-GD on an MLP (Murata and Suzuki, ICML 2023): fedsec diff2 CONFIG [key.path=value ...] "
      "--out DIR, or fedsec diff2 --sweep SWEEP.yaml --out DIR");
  cmd->add_option("config", options->config, "DIFF2 experiment YAML file");
  cmd->add_option("overrides", options->overrides, "Config overrides, key.path=value");
  cmd->add_option("--sweep", options->sweep, "Sweep YAML file whose base is a DIFF2 config");
  cmd->add_option("--out", options->out, "Results directory (a sweep run again resumes)")->required();
  cmd->add_option("--jobs", options->jobs, "Sweep cells run in parallel")->check(CLI::PositiveNumber);
  cmd->add_flag("--quiet", options->quiet, "Print only the summary");
  cmd->callback([options] {
    if (options->sweep.empty() == options->config.empty())
      throw UsageError("fedsec diff2: give either a CONFIG file or --sweep SWEEP.yaml, not both or neither");
    if (!options->sweep.empty()) {
      if (!options->overrides.empty())
        throw UsageError("fedsec diff2 --sweep: overrides belong in the sweep file's `overrides`");
      const auto outcome =
          privacy::run_diff2_sweep(fl::load_sweep_plan(options->sweep), options->out, options->jobs);
      std::cout << "cells: " << outcome.cells << ", already done: " << outcome.skipped
                << ", ran: " << outcome.ran << ", failed: " << outcome.failed << "\nresults: " << options->out
                << "/results.csv\n";
      if (outcome.failed > 0)
        throw std::runtime_error(std::to_string(outcome.failed) + " of " + std::to_string(outcome.cells) +
                                 " cells failed; see error.txt in their directories");
      return;
    }
    std::vector<fl::Override> overrides;
    for (const auto& text : options->overrides) overrides.push_back(fl::parse_override(text));
    const fl::Config config = fl::Config::load(options->config, overrides, privacy::diff2_schema());
    const auto summary = privacy::run_diff2_experiment(config, options->out, [&](const nlohmann::json& r) {
      if (!options->quiet) spdlog::info("{}", r.dump());
    });
    std::cout << summary.dump(2) << "\n";
  });
}

}  // namespace fedsec::cli
