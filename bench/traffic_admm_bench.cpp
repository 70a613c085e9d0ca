// Network-lasso ADMM speed on a random problem of one-class SVM nodes (the benchmark's model),
// for the side-by-side with bench/traffic_admm_numpy.py. Writes the problem and the models after
// the timed iterations so that the NumPy implementation can run the same iterations and check that
// it ends at the same point.
//
//   traffic_admm_bench REGIONS ITERATIONS REPEATS DIR
//
// Problem: REGIONS nodes, each with 100 rows of 200 random Fourier features of 12-dimensional
// Gaussian data whose mean differs per node; a ring plus two random chords per node, edge weights
// in [0.5, 1]; lambda 0.05, rho 1 fixed (no residual balancing), prox tolerance 1e-6. Runs exactly
// ITERATIONS iterations (the stopping test is evaluated but cannot pass) from x = z = u = 0,
// REPEATS times with a fresh solver, and prints one JSON line with the median iterations per
// wall-clock second and per CPU second of the thread (the latter does not depend on the load of a
// shared machine).
// Files in DIR: meta.txt, data.f64 (nodes x rows x features, little-endian doubles), edges.txt,
// x_cpp.f64 (nodes x (features + 1)).

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "fl/rng.h"
#include "traffic/network_lasso.h"
#include "traffic/one_class_svm.h"
#include "traffic/random_draws.h"
#include "traffic/random_features.h"

namespace {

using fedsec::traffic::RowMatrix;

constexpr int kRows = 100, kInputs = 12, kFeatures = 200;
constexpr double kLambda = 0.05, kRho = 1.0, kNu = 0.05;

std::vector<RowMatrix> node_data(int regions, fedsec::fl::Rng& rng) {
  const fedsec::traffic::RandomFourierFeatures map(kInputs, kFeatures, std::sqrt(2.0 * kInputs), 1);
  std::vector<RowMatrix> out;
  for (int g = 0; g < regions; ++g) {
    RowMatrix raw(kRows, kInputs);
    Eigen::VectorXd mean(kInputs);
    for (int k = 0; k < kInputs; ++k) mean[k] = 0.5 * fedsec::traffic::draw_normal(rng);
    for (int i = 0; i < kRows; ++i)
      for (int k = 0; k < kInputs; ++k) raw(i, k) = mean[k] + fedsec::traffic::draw_normal(rng);
    out.push_back(map.transform(raw));
  }
  return out;
}

fedsec::traffic::WeightedGraph ring_with_chords(int regions, fedsec::fl::Rng& rng) {
  std::set<std::pair<int, int>> pairs;
  auto add = [&](int a, int b) {
    if (a != b) pairs.insert({std::min(a, b), std::max(a, b)});
  };
  for (int g = 0; g < regions; ++g) {
    add(g, (g + 1) % regions);
    for (int c = 0; c < 2; ++c) add(g, static_cast<int>(fedsec::fl::uniform_below(rng, regions)));
  }
  fedsec::traffic::WeightedGraph graph;
  graph.nodes = regions;
  for (const auto& [a, b] : pairs) graph.edges.push_back({a, b, 0.5 + 0.5 * fedsec::fl::uniform_unit(rng)});
  return graph;
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

void write_doubles(const std::filesystem::path& path, const std::vector<double>& values) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * 8));
  if (!out) throw std::runtime_error(path.string() + ": write failed");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: traffic_admm_bench REGIONS ITERATIONS REPEATS DIR\n");
    return 2;
  }
  const int regions = std::stoi(argv[1]), iterations = std::stoi(argv[2]), repeats = std::stoi(argv[3]);
  const std::filesystem::path dir = argv[4];
  std::filesystem::create_directories(dir);
  fedsec::fl::Rng rng = fedsec::fl::make_rng(regions, "bench/traffic-admm");
  const std::vector<RowMatrix> data = node_data(regions, rng);
  const fedsec::traffic::WeightedGraph graph = ring_with_chords(regions, rng);

  fedsec::traffic::AdmmOptions admm;
  admm.rho = kRho;
  admm.adapt_rho = false;
  admm.eps_abs = 1e-300;  // never met: exactly `iterations` iterations
  admm.eps_rel = 0.0;
  admm.max_iterations = iterations;
  fedsec::traffic::OneClassSvmOptions ocsvm;
  ocsvm.nu = kNu;
  ocsvm.tolerance = 1e-6;

  std::vector<double> rates, cpu_rates;
  std::vector<Eigen::VectorXd> x;
  for (int r = 0; r < repeats; ++r) {
    std::vector<fedsec::traffic::OneClassSvm> nodes;
    for (const RowMatrix& a : data) nodes.emplace_back(a, ocsvm);
    std::vector<fedsec::traffic::NodeObjective*> objectives;
    for (auto& node : nodes) objectives.push_back(&node);
    fedsec::traffic::NetworkLasso solver(graph, objectives, admm);
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_seconds();
    const fedsec::traffic::AdmmReport report = solver.solve(kLambda);
    const double cpu = thread_cpu_seconds() - cpu_start;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rates.push_back(report.iterations / seconds);
    cpu_rates.push_back(report.iterations / cpu);
    if (r == 0) x = solver.x();
  }
  std::sort(rates.begin(), rates.end());
  std::sort(cpu_rates.begin(), cpu_rates.end());

  std::ofstream(dir / "meta.txt") << regions << " " << graph.edges.size() << " " << kRows << " " << kFeatures
                                  << " " << iterations << "\n"
                                  << std::hexfloat << kLambda << " " << kRho << " " << kNu << " "
                                  << ocsvm.tolerance << " " << admm.eps_abs << " " << admm.eps_rel << "\n";
  std::vector<double> flat;
  for (const RowMatrix& a : data) flat.insert(flat.end(), a.data(), a.data() + a.size());
  write_doubles(dir / "data.f64", flat);
  std::ofstream edges(dir / "edges.txt");
  edges << std::hexfloat;
  for (const auto& e : graph.edges) edges << e.a << " " << e.b << " " << e.weight << "\n";
  flat.clear();
  for (const Eigen::VectorXd& xi : x) flat.insert(flat.end(), xi.data(), xi.data() + xi.size());
  write_doubles(dir / "x_cpp.f64", flat);
  std::printf(
      "{\"regions\": %d, \"edges\": %zu, \"iterations\": %d, \"median_iterations_per_s\": %.6g, "
      "\"median_iterations_per_cpu_s\": %.6g}\n",
      regions, graph.edges.size(), iterations, rates[rates.size() / 2], cpu_rates[cpu_rates.size() / 2]);
  return 0;
}
