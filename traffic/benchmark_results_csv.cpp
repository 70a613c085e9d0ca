#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "traffic/benchmark.h"

namespace fedsec::traffic {
namespace {

// "%.6g", or nothing for NaN.
std::string num(double v) {
  if (std::isnan(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string metric_fields(const MethodResult& r) {
  const EventMetrics& e = r.events;
  return num(r.auc) + "," + num(r.f1) + "," + num(r.precision) + "," + num(r.recall) + "," +
         num(r.sample_far) + "," + num(r.accuracy) + "," + num(e.detection_rate) + "," +
         num(e.mean_time_to_detect_s) + "," + num(e.decision_false_alarm_rate) + "," +
         std::to_string(e.incidents) + "," + std::to_string(e.detected) + "," +
         std::to_string(e.false_alarm_decisions) + "," + std::to_string(e.decisions);
}

const char* kMetricColumns =
    "auc,f1,precision,recall,sample_far,accuracy,detection_rate,mttd_s,decision_far,incidents,detected,"
    "false_alarm_decisions,decisions";

void write_file(const std::filesystem::path& path, const std::string& text) {
  FILE* f = std::fopen(path.string().c_str(), "w");
  if (!f) throw std::runtime_error(path.string() + ": cannot open for writing");
  const bool ok = std::fputs(text.c_str(), f) >= 0;
  if (std::fclose(f) != 0 || !ok) throw std::runtime_error(path.string() + ": write failed");
}

}  // namespace

void write_benchmark_results(const BenchmarkResults& results, const std::string& dir) {
  const std::filesystem::path root(dir);
  std::filesystem::create_directories(root);
  std::string table = std::string("method,lambda,") + kMetricColumns + "\n";
  for (const MethodResult& r : results.methods)
    table += r.method + "," + num(r.lambda) + "," + metric_fields(r) + "\n";
  write_file(root / "results.csv", table);

  std::string path =
      std::string(
          "lambda,iterations,converged,primal_residual,dual_residual,eps_primal,eps_dual,objective,"
          "consensus_fraction,validation_auc,") +
      kMetricColumns + "\n";
  for (const PathResult& p : results.lambda_path) {
    const AdmmReport& a = p.report;
    path += num(a.lambda) + "," + std::to_string(a.iterations) + "," + (a.converged ? "1" : "0") + "," +
            num(a.last.primal_residual) + "," + num(a.last.dual_residual) + "," + num(a.last.eps_primal) +
            "," + num(a.last.eps_dual) + "," + num(a.objective) + "," + num(a.consensus_fraction) + "," +
            num(p.validation.auc) + "," + metric_fields(p.test) + "\n";
  }
  write_file(root / "lambda_path.csv", path);

  std::string timings = "stage,lambda,seconds\ndata,," + num(results.data_seconds) + "\n";
  for (const MethodResult& r : results.methods) timings += r.method + ",," + num(r.train_seconds) + "\n";
  for (const PathResult& p : results.lambda_path)
    timings += "path_point," + num(p.report.lambda) + "," + num(p.solve_seconds) + "\n";
  timings += "total,," + num(results.total_seconds) + "\n";
  write_file(root / "timings.csv", timings);
}

}  // namespace fedsec::traffic
