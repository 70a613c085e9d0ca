#pragma once
// `fedsec attack invert`: attacks the configured test batches with every configured method and
// writes, under the output directory,
//   metrics.csv   one row per image x method output (GIFD: one per stage), see docs/inversion.md;
//   grid.png      one row per image: the truth, then each method's output, then each GIFD stage;
//   summary.json  per method, the means over images of its selected output;
//   config.yaml   the resolved configuration.
// Files are written atomically; summary.json last, so its presence marks a complete run.

#include <functional>
#include <string>

#include "fl/config.h"

namespace fedsec::attacks {

// Called after each method finishes on a batch: (work units done, total units).
using InversionProgress = std::function<void(int done, int total)>;

// Throws fedsec::UsageError for a bad configuration, std::runtime_error (or a subclass naming
// the file) for failures while running.
void run_inversion(const fl::Config& config, const std::string& out_dir,
                   const InversionProgress& progress = {});

// The summary.json keys a sweep tabulates: for every method, psnr/ssim/mse/label_accuracy means.
const std::vector<std::string>& inversion_summary_columns();

}  // namespace fedsec::attacks
