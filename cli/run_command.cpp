#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "fedsec.h"
#ifdef FEDSEC_WITH_MPI
#include "dist/mpi_run.h"
#endif

namespace fedsec::cli {

void add_run_command(CLI::App& app) {
  struct Options {
    std::string config;
    std::vector<std::string> overrides;
    std::string out;
    bool quiet = false;
  };
  auto options = std::make_shared<Options>();
  auto* run =
      app.add_subcommand("run", "Run one experiment: fedsec run CONFIG [key.path=value ...] --out DIR");
  run->add_option("config", options->config, "Experiment YAML file")->required();
  run->add_option("overrides", options->overrides, "Config overrides, key.path=value");
  run->add_option("--out", options->out, "Results directory")->required();
  run->add_flag("--quiet", options->quiet, "Print only the summary");
  run->callback([options] {
    const fl::Registry registry = make_registry();
    std::vector<fl::Override> overrides;
    for (const auto& text : options->overrides) overrides.push_back(fl::parse_override(text));
    const fl::Config config = fl::Config::load(options->config, overrides, registry.schema());
    const auto on_round = [&](const fl::RoundRecord& r, int total) {
      if (options->quiet) return;
      if (r.test_accuracy)
        spdlog::info("round {}/{}: train loss {:.4f}, test accuracy {:.4f}, {:.2f} s", r.round, total,
                     r.train_loss, *r.test_accuracy, r.wall_seconds);
      else
        spdlog::info("round {}/{}: train loss {:.4f}, {:.2f} s", r.round, total, r.train_loss,
                     r.wall_seconds);
    };
#ifdef FEDSEC_WITH_MPI
    if (auto* world = dist::MpiWorld::current(); world && world->size() > 1) {
      // Rank 0 serves and writes the results; the other ranks host the clients.
      const auto summary = dist::run_experiment_on_ranks(config, registry, options->out, *world, on_round);
      if (world->rank() == 0) std::cout << summary.dump(2) << "\n";
      return;
    }
#endif
    std::cout << fl::run_experiment(config, registry, options->out, on_round).dump(2) << "\n";
  });
}

}  // namespace fedsec::cli
