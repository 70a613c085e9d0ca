#pragma once
// Progress display for sweeps: cells done, each running cell's round, and an ETA. On a terminal
// it redraws one line on stderr; otherwise it logs a line at most every log_interval seconds.

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace fedsec::fl {

class SweepProgress {
 public:
  SweepProgress(int total_cells, int already_done, bool enabled);
  void cell_round(const std::string& cell, int round, int total_rounds);  // thread-safe
  void cell_done(const std::string& cell);                                // thread-safe
  // Draws the final state and ends the line.
  void finish();

 private:
  void draw(bool force);
  std::string line() const;

  std::mutex mutex_;
  const int total_;
  const int skipped_;
  int done_ = 0;
  bool enabled_;
  bool tty_;
  std::map<std::string, std::pair<int, int>> running_;  // cell -> (round, total rounds)
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace fedsec::fl
