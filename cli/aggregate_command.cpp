#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>

#include "cli/commands.h"
#include "fedsec.h"
#include "fl/errors.h"
#include "fl/npy_file.h"

namespace fedsec::cli {

void add_aggregate_command(CLI::App& app) {
  struct Options {
    std::string rule;
    int64_t f = 0;
    std::vector<std::string> sets;
    std::string in, out;
  };
  auto options = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("aggregate",
                                 "Apply an aggregation rule to saved updates: fedsec aggregate --rule NAME "
                                 "[--f F] [--set key=value ...] --in UPDATES.npy --out RESULT.npy");
  cmd->add_option("--rule", options->rule, "Aggregator name, as server.aggregator")->required();
  cmd->add_option("--f", options->f, "Assumed number of Byzantine updates (server.f)");
  cmd->add_option("--set", options->sets, "Rule parameter, e.g. aggregator.flag.m=4 (repeatable)");
  cmd->add_option("--in", options->in, "Updates: .npy float32 or float64, n x d, C order")->required();
  cmd->add_option("--out", options->out, "Result: .npy d-vector of the input's dtype")->required();
  cmd->callback([options] {
    const fl::Registry registry = make_registry();
    std::vector<fl::Override> overrides{{"server.aggregator", options->rule},
                                        {"server.f", std::to_string(options->f)}};
    for (const auto& text : options->sets) overrides.push_back(fl::parse_override(text));
    const auto config = fl::Config::parse("", overrides, registry.schema(), "command line");
    fl::NpyArray in = fl::read_npy(options->in);
    if (in.shape.size() != 2 || in.shape[0] < 1 || in.shape[1] < 1)
      throw UsageError(options->in + ": expected an n x d array with n, d >= 1, got shape " +
                       fl::shape_text(in.shape));
    const int64_t n = in.shape[0], d = in.shape[1];
    const auto updates = torch::from_blob(in.data.data(), {n, d}, torch::kFloat32);
    auto aggregator = registry.make_aggregator(config);
    const auto start = std::chrono::steady_clock::now();
    const auto result = aggregator->aggregate(updates, torch::ones({n}, torch::kFloat64)).contiguous();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<float> values(result.data_ptr<float>(), result.data_ptr<float>() + d);
    fl::write_npy(options->out, {d}, values, in.float64);
    std::cout << options->rule << ": " << n << " x " << d << " updates -> " << options->out << " in "
              << seconds << " s\n";
  });
}

}  // namespace fedsec::cli
