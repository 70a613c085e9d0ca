#include "fl/progress.h"

#include <unistd.h>

#include <cstdio>

namespace fedsec::fl {
namespace {

std::string format_duration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char text[32];
  if (s >= 3600)
    std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  else
    std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
  return text;
}

}  // namespace

SweepProgress::SweepProgress(int total_cells, int already_done, bool enabled)
    : total_(total_cells),
      skipped_(already_done),
      done_(already_done),
      enabled_(enabled),
      tty_(::isatty(2) != 0) {}

void SweepProgress::cell_round(const std::string& cell, int round, int total_rounds) {
  std::lock_guard<std::mutex> lock(mutex_);
  running_[cell] = {round, total_rounds};
  draw(false);
}

void SweepProgress::cell_done(const std::string& cell) {
  std::lock_guard<std::mutex> lock(mutex_);
  running_.erase(cell);
  ++done_;
  draw(true);
}

void SweepProgress::finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  draw(true);
  if (enabled_ && tty_) std::fputc('\n', stderr);
}

std::string SweepProgress::line() const {
  // Work done in this process, in cells: finished cells plus the running cells' round fractions.
  double fraction_running = 0;
  std::string running;
  for (const auto& [cell, r] : running_) {
    fraction_running += static_cast<double>(r.first) / r.second;
    running += " | " + cell + " round " + std::to_string(r.first) + "/" + std::to_string(r.second);
  }
  const double work = (done_ - skipped_) + fraction_running;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::string eta =
      work > 0 ? format_duration(elapsed / work * std::max(0.0, total_ - done_ - fraction_running)) : "?";
  const int width = 20;
  const int filled = total_ > 0 ? static_cast<int>(width * (done_ + fraction_running) / total_) : width;
  return "[" + std::string(static_cast<size_t>(filled), '#') +
         std::string(static_cast<size_t>(width - filled), '.') + "] " + std::to_string(done_) + "/" +
         std::to_string(total_) + " cells" + running + " | ETA " + eta;
}

void SweepProgress::draw(bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_draw_).count();
  if (!force && since < (tty_ ? 0.2 : 10.0)) return;
  last_draw_ = now;
  const std::string text = line();
  if (tty_)
    std::fprintf(stderr, "\r\033[K%s", text.c_str());
  else
    std::fprintf(stderr, "%s\n", text.c_str());
  std::fflush(stderr);
}

}  // namespace fedsec::fl
