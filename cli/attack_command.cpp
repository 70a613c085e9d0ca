#include <ATen/Parallel.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <unistd.h>
#include <chrono>
#include <cstdio>

#include "attacks/inversion/generator_training.h"
#include "attacks/inversion/inversion_config.h"
#include "attacks/inversion/inversion_experiment.h"
#include "cli/commands.h"
#include "fl/atomic_file.h"
#include "fl/dataset.h"

namespace fedsec::cli {
namespace {

fl::Config load_inversion_config(const std::string& path, const std::vector<std::string>& texts) {
  std::vector<fl::Override> overrides;
  for (const auto& text : texts) overrides.push_back(fl::parse_override(text));
  return fl::Config::load(path, overrides, attacks::inversion_schema());
}

// Draws "label [#####.....] done/total  ETA 1m02s" on a terminal (redrawn in place), or logs a
// line every 10 seconds otherwise.
class ProgressLine {
 public:
  explicit ProgressLine(std::string label) : label_(std::move(label)), tty_(isatty(STDERR_FILENO)) {}

  void update(int64_t done, int64_t total, const std::string& detail = "") {
    const auto now = std::chrono::steady_clock::now();
    const bool last = done == total;
    if (!last && now - last_draw_ < std::chrono::milliseconds(tty_ ? 200 : 10000)) return;
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double eta =
        done > 0 ? elapsed * static_cast<double>(total - done) / static_cast<double>(done) : 0.0;
    const int width = 30;
    const int filled = total > 0 ? static_cast<int>(width * done / total) : width;
    char line[256];
    std::snprintf(line, sizeof line, "%s [%s%s] %lld/%lld  ETA %dm%02ds %s", label_.c_str(),
                  std::string(static_cast<size_t>(filled), '#').c_str(),
                  std::string(static_cast<size_t>(width - filled), '.').c_str(), static_cast<long long>(done),
                  static_cast<long long>(total), static_cast<int>(eta) / 60, static_cast<int>(eta) % 60,
                  detail.c_str());
    if (tty_) {
      std::fprintf(stderr, "\r%s", line);
      if (last) std::fprintf(stderr, "\n");
    } else {
      spdlog::info("{}", line);
    }
  }

 private:
  std::string label_;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

void add_invert(CLI::App& attack) {
  struct Options {
    std::string config;
    std::vector<std::string> overrides;
    std::string out;
  };
  auto options = std::make_shared<Options>();
  auto* invert = attack.add_subcommand(
      "invert", "Gradient inversion: fedsec attack invert CONFIG [key.path=value ...] --out DIR");
  invert->add_option("config", options->config, "Inversion YAML file")->required();
  invert->add_option("overrides", options->overrides, "Config overrides, key.path=value");
  invert->add_option("--out", options->out, "Results directory (metrics.csv, grid.png, summary.json)")
      ->required();
  invert->callback([options] {
    const auto config = load_inversion_config(options->config, options->overrides);
    ProgressLine progress("invert");
    attacks::run_inversion(config, options->out, [&](int done, int total) { progress.update(done, total); });
    std::cout << fl::read_file(options->out + "/summary.json");
  });
}

void add_train_generator(CLI::App& attack) {
  struct Options {
    std::string config;
    std::vector<std::string> overrides;
    std::string out;
  };
  auto options = std::make_shared<Options>();
  auto* train = attack.add_subcommand(
      "train-generator",
      "Train the DCGAN prior: fedsec attack train-generator CONFIG [key=value ...] --out FILE");
  train->add_option("config", options->config, "Inversion YAML file (generator.* keys)")->required();
  train->add_option("overrides", options->overrides, "Config overrides, key.path=value");
  train->add_option("--out", options->out, "Checkpoint file to write")->required();
  train->callback([options] {
    const auto config = load_inversion_config(options->config, options->overrides);
    const auto training = attacks::read_generator_training(config);
    at::set_num_threads(1);  // the results do not depend on it; see docs/design.md
    const auto data =
        fl::load_idx_dataset(config.get_string("data.train_images"), config.get_string("data.train_labels"),
                             config.get_int("data.max_train_samples"), 0.0, 1.0);
    ProgressLine progress("train-generator");
    const auto generator = attacks::train_generator(
        data.images, data.labels, training, [&](int64_t step, int64_t total, double d, double g) {
          char detail[64];
          std::snprintf(detail, sizeof detail, " D %.3f G %.3f", d, g);
          progress.update(step, total, detail);
        });
    attacks::GeneratorProvenance provenance;
    provenance.classes = training.classes;
    provenance.epochs = training.epochs;
    provenance.seed = training.seed;
    generator.save(options->out, provenance);
    spdlog::info("generator written to {}", options->out);
  });
}

void add_config_doc(CLI::App& attack) {
  auto* doc = attack.add_subcommand("config-doc", "Print the reference of every inversion config key");
  doc->callback([] {
    std::cout << "# Inversion configuration reference\n\n"
                 "Keys of `fedsec attack invert` and `fedsec attack train-generator`. Generated by "
                 "`fedsec attack config-doc`; a test checks that this file matches it.\n"
              << attacks::inversion_schema().markdown();
  });
}

}  // namespace

void add_attack_command(CLI::App& app) {
  auto* attack =
      app.add_subcommand("attack", "Gradient-inversion attacks (invert, train-generator, config-doc)");
  attack->require_subcommand(1);
  add_invert(*attack);
  add_train_generator(*attack);
  add_config_doc(*attack);
}

}  // namespace fedsec::cli
