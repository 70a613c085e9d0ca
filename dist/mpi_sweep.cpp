#include "dist/mpi_sweep.h"

#include <spdlog/spdlog.h>

#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace fedsec::dist {
namespace {

constexpr int kReportTag = 11;  // rank -> 0: the cell it finished (if any), and a request for the next
constexpr int kCellTag = 12;    // 0 -> rank: the next cell, or empty when there is none

Bytes encode_cell(size_t index) {
  Bytes bytes(8);
  for (int i = 0; i < 8; ++i) bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(index >> (8 * i));
  return bytes;
}

size_t decode_cell(const Bytes& bytes, size_t offset) {
  if (bytes.size() < offset + 8) throw std::runtime_error("sweep: a truncated cell message between ranks");
  size_t index = 0;
  for (int i = 0; i < 8; ++i) index |= static_cast<size_t>(bytes[offset + static_cast<size_t>(i)]) << (8 * i);
  return index;
}

// A report: empty (first request), or [ok byte, cell index].
Bytes encode_report(size_t index, bool ok) {
  Bytes bytes{static_cast<uint8_t>(ok ? 1 : 0)};
  const Bytes cell = encode_cell(index);
  bytes.insert(bytes.end(), cell.begin(), cell.end());
  return bytes;
}

}  // namespace

void MpiCellDispatcher::dispatch(const std::vector<size_t>& pending, int jobs,
                                 const std::function<bool(size_t)>& run_cell,
                                 const std::function<void(size_t, bool)>& finished) {
  if (world_.rank() == 0)
    coordinate(pending, jobs, run_cell, finished);
  else
    work(run_cell);
}

void MpiCellDispatcher::coordinate(const std::vector<size_t>& pending, int jobs,
                                   const std::function<bool(size_t)>& run_cell,
                                   const std::function<void(size_t, bool)>& finished) {
  std::mutex queue_mutex;
  std::deque<size_t> queue(pending.begin(), pending.end());
  const auto take = [&]() -> std::optional<size_t> {
    std::lock_guard<std::mutex> lock(queue_mutex);
    if (queue.empty()) return std::nullopt;
    const size_t index = queue.front();
    queue.pop_front();
    return index;
  };
  // This rank's own threads take cells from the same queue; only this thread calls MPI.
  std::vector<std::thread> threads;
  for (int j = 0; j < jobs; ++j)
    threads.emplace_back([&] {
      while (auto index = take()) finished(*index, run_cell(*index));
    });
  spdlog::info("sweep: {} cells for {} ranks ({} threads on rank 0)", pending.size(), world_.size(), jobs);
  for (int working = world_.size() - 1; working > 0;) {
    int from = 0;
    const Bytes report = world_.receive(MpiWorld::kAny, kReportTag, &from);
    if (!report.empty()) finished(decode_cell(report, 1), report[0] != 0);
    if (auto index = take()) {
      world_.send(from, kCellTag, encode_cell(*index));
    } else {
      world_.send(from, kCellTag, {});
      --working;
    }
  }
  for (auto& t : threads) t.join();
}

void MpiCellDispatcher::work(const std::function<bool(size_t)>& run_cell) {
  Bytes report;
  while (true) {
    world_.send(0, kReportTag, report);
    const Bytes cell = world_.receive(0, kCellTag);
    if (cell.empty()) return;
    const size_t index = decode_cell(cell, 0);
    report = encode_report(index, run_cell(index));
  }
}

}  // namespace fedsec::dist
