#pragma once
// Results files of one experiment directory:
//   config.yaml    the fully resolved config (every key, defaults included)
//   rounds.jsonl   one JSON object per round, appended and flushed as rounds finish
//   summary.json   written atomically when the run completes; its presence marks completion
// Column names are documented in docs/results.md.

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "fl/config.h"
#include "fl/simulation.h"

namespace fedsec::fl {

// A round as a rounds.jsonl object; test_* keys appear only on evaluation rounds.
nlohmann::json round_to_json(const RoundRecord& record);

class RunWriter {
 public:
  // Creates dir, writes config.yaml, and starts an empty rounds.jsonl.
  RunWriter(const std::string& dir, const Config& config);
  void write_round(const RoundRecord& record);
  // Writes summary.json atomically.
  void write_summary(const nlohmann::json& summary);

 private:
  std::string dir_;
  std::ofstream rounds_;
};

}  // namespace fedsec::fl
