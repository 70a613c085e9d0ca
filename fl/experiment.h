#pragma once
// One experiment from config to results directory.

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

#include "fl/components.h"
#include "fl/config.h"
#include "fl/simulation.h"

namespace fedsec::fl {

// Called after each round with the record and the total number of rounds.
using RoundCallback = std::function<void(const RoundRecord&, int total_rounds)>;

// Runs every round, writing out_dir/{config.yaml, rounds.jsonl, summary.json}; returns the
// summary (final and best test accuracy, final losses, bytes, timings; see docs/results.md).
nlohmann::json run_experiment(const Config& config, const Registry& registry, const std::string& out_dir,
                              const RoundCallback& on_round = {});

}  // namespace fedsec::fl
