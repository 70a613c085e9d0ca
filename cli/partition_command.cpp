#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "fedsec.h"
#include "fl/atomic_file.h"

namespace fedsec::cli {

void add_partition_command(CLI::App& app) {
  struct Options {
    std::string config;
    std::vector<std::string> overrides;
    std::string out;
  };
  auto options = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("partition",
                                 "Write the clients' sample indices of a config as JSON: "
                                 "fedsec partition CONFIG [key.path=value ...] --out FILE");
  cmd->add_option("config", options->config, "Experiment YAML file")->required();
  cmd->add_option("overrides", options->overrides, "Config overrides, key.path=value");
  cmd->add_option("--out", options->out, "Output JSON file: {\"shards\": [[index, ...], ...]}")->required();
  cmd->callback([options] {
    const fl::Registry registry = make_registry();
    std::vector<fl::Override> overrides;
    for (const auto& text : options->overrides) overrides.push_back(fl::parse_override(text));
    const fl::Simulation simulation(fl::Config::load(options->config, overrides, registry.schema()),
                                    registry);
    nlohmann::json out;
    out["shards"] = simulation.shards();
    fl::write_file_atomic(options->out, out.dump() + "\n");
  });
}

}  // namespace fedsec::cli
