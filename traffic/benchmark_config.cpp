#include "traffic/benchmark_config.h"

#include "fl/errors.h"

namespace fedsec::traffic {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw UsageError("traffic benchmark: " + what);
}

}  // namespace

void BenchmarkConfig::validate() const {
  require(train_days >= 1 && validation_days >= 1 && test_days >= 1,
          "train_days, validation_days and test_days must be >= 1");
  require(rff_dim >= 1, "rff_dim must be >= 1");
  require(rff_bandwidth >= 0.0, "rff_bandwidth must be >= 0 (0: median heuristic)");
  require(ocsvm.nu > 0.0 && ocsvm.nu <= 1.0, "ocsvm.nu must be in (0, 1]");
  require(max_train_per_region >= 2, "max_train_per_region must be >= 2");
  require(min_train_share > 0.0 && min_train_share <= 1.0, "min_train_share must be in (0, 1]");
  require(persistence >= 1, "persistence must be >= 1");
  require(features.label_tail_s >= 0, "features.label_tail_s must be >= 0");
  if (data_dir.empty()) {
    scenario.validate();
    require(scenario.days >= train_days + validation_days + test_days,
            "scenario.days must cover train_days + validation_days + test_days");
  }
}

}  // namespace fedsec::traffic
