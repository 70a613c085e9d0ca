#pragma once
// One DIFF2 / DP-GD experiment from a `fedsec diff2` config (privacy/diff2_config.h): builds the
// data and nodes, calibrates the noise (privacy/diff2_calibration.h), runs DIFF2-GD and writes
//   OUT/rounds.jsonl  one line per evaluation round (round 0, every diff2.eval_every rounds, the
//                     last): round, train_loss, grad_norm, and the cumulative epsilon that the
//                     configured accountant certifies for the releases so far;
//   OUT/summary.json  written atomically, last, so its presence marks a finished run.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "fl/config.h"

namespace fedsec::privacy {

// Called with each rounds.jsonl record as it is written.
using Diff2Progress = std::function<void(const nlohmann::json& record)>;

// Runs the experiment and returns the summary. Throws fedsec::UsageError on inconsistent settings
// (e.g. more nodes than records) and fl::DataFileError or std::runtime_error on runtime failures.
nlohmann::json run_diff2_experiment(const fl::Config& config, const std::string& out_dir,
                                    const Diff2Progress& progress = {});

}  // namespace fedsec::privacy
