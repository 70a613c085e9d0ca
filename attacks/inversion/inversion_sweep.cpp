#include "attacks/inversion/inversion_sweep.h"

#include <yaml-cpp/yaml.h>

#include "attacks/inversion/inversion_config.h"
#include "attacks/inversion/inversion_experiment.h"
#include "fl/errors.h"

namespace fedsec::attacks {
namespace {

class InversionTask final : public fl::SweepTask {
 public:
  explicit InversionTask(const fl::SweepPlan& plan) : plan_(plan) {}
  void prepare(size_t, const fl::SweepCell& cell) override {
    configs_.push_back(fl::Config::load(plan_.base_config_path, cell.overrides, inversion_schema()));
    read_inversion_config(configs_.back());  // cross-key checks
  }
  void run(size_t index, const std::string& dir, const std::function<void(int, int)>& progress) override {
    run_inversion(configs_[index], dir, progress);
  }
  const std::vector<std::string>& metric_columns() const override { return inversion_summary_columns(); }

 private:
  const fl::SweepPlan& plan_;
  std::vector<fl::Config> configs_;
};

}  // namespace

bool is_inversion_config(const std::string& path) {
  try {
    const YAML::Node root = YAML::LoadFile(path);
    return root.IsMap() && root["inversion"];
  } catch (const YAML::Exception& e) {
    throw UsageError(path + ": cannot read the config: " + e.what());
  }
}

fl::SweepOutcome run_inversion_sweep(const fl::SweepPlan& plan, const std::string& out_dir,
                                     const fl::SweepOptions& options) {
  InversionTask task(plan);
  return fl::run_sweep(plan, task, out_dir, options);
}

}  // namespace fedsec::attacks
