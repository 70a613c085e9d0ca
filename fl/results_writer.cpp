#include "fl/results_writer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "fl/atomic_file.h"

namespace fedsec::fl {

nlohmann::json round_to_json(const RoundRecord& r) {
  nlohmann::json j;
  j["round"] = r.round;
  j["participants"] = r.participants;
  j["train_loss"] = r.train_loss;
  if (r.test_accuracy) j["test_accuracy"] = *r.test_accuracy;
  if (r.test_loss) j["test_loss"] = *r.test_loss;
  j["bytes_up"] = r.bytes_up;
  j["bytes_down"] = r.bytes_down;
  const auto participants = static_cast<double>(std::max<size_t>(r.participants.size(), 1));
  j["bytes_up_per_client"] = static_cast<double>(r.bytes_up) / participants;
  j["bytes_down_per_client"] = static_cast<double>(r.bytes_down) / participants;
  j["nonfinite_updates"] = r.nonfinite_updates;
  j["rejected_messages"] = r.rejected_messages;
  if (!r.failure.empty()) j["failed"] = r.failure;
  if (r.privacy && !std::isnan(r.privacy->epsilon)) j["epsilon"] = r.privacy->epsilon;  // NaN: not computed
  j["wall_seconds"] = r.wall_seconds;
  return j;
}

RunWriter::RunWriter(const std::string& dir, const Config& config) : dir_(dir) {
  std::filesystem::create_directories(dir_);
  write_file_atomic(dir_ + "/config.yaml", config.to_yaml());
  rounds_.open(dir_ + "/rounds.jsonl", std::ios::trunc);
  if (!rounds_) throw std::runtime_error(dir_ + "/rounds.jsonl: cannot create");
}

void RunWriter::write_round(const RoundRecord& record) {
  rounds_ << round_to_json(record).dump() << '\n';
  rounds_.flush();
  if (!rounds_) throw std::runtime_error(dir_ + "/rounds.jsonl: write failed");
}

void RunWriter::write_summary(const nlohmann::json& summary) {
  write_file_atomic(dir_ + "/summary.json", summary.dump(2) + "\n");
}

}  // namespace fedsec::fl
