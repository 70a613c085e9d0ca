#include "fl/experiment.h"

#include <sys/resource.h>

#include <chrono>

#include "fl/results_writer.h"

namespace fedsec::fl {

nlohmann::json run_experiment(const Config& config, const Registry& registry, const std::string& out_dir,
                              const RoundCallback& on_round) {
  const auto start = std::chrono::steady_clock::now();
  Simulation simulation(config, registry);
  RunWriter writer(out_dir, config);
  nlohmann::json summary;
  double best_accuracy = 0.0;
  int64_t bytes_up = 0, bytes_down = 0, nonfinite = 0, rejected = 0, failed = 0, client_rounds = 0;
  double round_seconds = 0.0;
  RoundRecord last;
  while (!simulation.finished()) {
    last = simulation.run_round();
    writer.write_round(last);
    bytes_up += last.bytes_up;
    bytes_down += last.bytes_down;
    nonfinite += last.nonfinite_updates;
    rejected += last.rejected_messages;
    failed += last.failure.empty() ? 0 : 1;
    client_rounds += static_cast<int64_t>(last.participants.size());
    round_seconds += last.wall_seconds;
    if (last.test_accuracy) {
      best_accuracy = std::max(best_accuracy, *last.test_accuracy);
      summary["final_test_accuracy"] = *last.test_accuracy;
      summary["final_test_loss"] = *last.test_loss;
    }
    if (on_round) on_round(last, simulation.total_rounds());
  }
  summary["rounds"] = last.round;
  summary["best_test_accuracy"] = best_accuracy;
  summary["final_train_loss"] = last.train_loss;
  summary["num_params"] = simulation.global_params().numel();
  summary["total_bytes_up"] = bytes_up;
  summary["total_bytes_down"] = bytes_down;
  summary["nonfinite_updates"] = nonfinite;
  summary["rejected_messages"] = rejected;
  summary["failed_rounds"] = failed;
  if (client_rounds > 0) {
    summary["bytes_up_per_client_round"] = static_cast<double>(bytes_up) / static_cast<double>(client_rounds);
    summary["bytes_down_per_client_round"] =
        static_cast<double>(bytes_down) / static_cast<double>(client_rounds);
  }
  if (last.privacy) {
    summary["epsilon"] = last.privacy->epsilon;
    summary["delta"] = last.privacy->delta;
    summary["accountant"] = last.privacy->accountant;
    summary["noise_multiplier"] = last.privacy->noise_multiplier;
    if (last.privacy->best_order) summary["rdp_order"] = *last.privacy->best_order;
    if (last.privacy->steps > 0) {
      summary["sample_rate"] = last.privacy->sample_rate;
      summary["accounted_steps"] = last.privacy->steps;
    }
  }
  summary["seconds_per_round"] = round_seconds / last.round;
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  summary["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;  // of the whole process so far
  summary["wall_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writer.write_summary(summary);
  return summary;
}

}  // namespace fedsec::fl
