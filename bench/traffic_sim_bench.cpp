// Speed of the traffic simulator: simulated hours per wall-clock second on the default scenario
// (4 corridors of 16 km, 80 detector stations), one thread.
//
//   traffic_sim_bench DAYS REPEATS
//
// Simulates DAYS days REPEATS times (seed 1 each time) and prints one JSON line with the median
// wall time and CPU time of the thread, and the network-hours and corridor-hours simulated per
// wall-clock and per CPU second (recorded hours; each day also simulates scenario.warmup_s before
// midnight). On a shared machine the CPU-time figures are the ones that do not depend on the load.

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "traffic/simulator.h"

namespace {

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: traffic_sim_bench DAYS REPEATS\n");
    return 2;
  }
  fedsec::traffic::ScenarioConfig scenario = fedsec::traffic::default_scenario();
  scenario.days = std::stoi(argv[1]);
  const int repeats = std::stoi(argv[2]);
  std::vector<double> wall, cpu;
  std::size_t samples = 0;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_seconds();
    samples = fedsec::traffic::simulate(scenario).samples.size();
    cpu.push_back(thread_cpu_seconds() - cpu_start);
    wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  const double wall_median = wall[wall.size() / 2], cpu_median = cpu[cpu.size() / 2];
  const double hours = 24.0 * scenario.days, corridors = static_cast<double>(scenario.corridors.size());
  std::printf(
      "{\"days\": %d, \"corridors\": %zu, \"samples\": %zu, \"median_wall_s\": %.4g, \"median_cpu_s\": %.4g, "
      "\"network_hours_per_wall_s\": %.4g, \"network_hours_per_cpu_s\": %.4g, "
      "\"corridor_hours_per_cpu_s\": %.4g}\n",
      scenario.days, scenario.corridors.size(), samples, wall_median, cpu_median, hours / wall_median,
      hours / cpu_median, hours * corridors / cpu_median);
  return 0;
}
