// Times every aggregation rule on seeded n x d float32 inputs next to the cost floors of this
// machine: one pass over the input (x.sum(0)) and one n x n Gram product (x x^T). Writes each
// input and each rule's output as .npy into --dir, and one CSV line per measurement to stdout, for
// bench/compare_aggregators.py to set beside a plain PyTorch implementation.
//
//   fedsec_aggregator_bench --dir DIR [--n 15,100] [--d 100000,1000000] [--reps 5] [--rules mean,median,...]
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <sstream>

#include "fedsec.h"
#include "fl/npy_file.h"

namespace {

using namespace fedsec;

std::vector<int64_t> parse_list(const std::string& text) {
  std::vector<int64_t> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(static_cast<int64_t>(std::stod(item)));
  return out;
}

double median_seconds(int reps, const std::function<void()>& body) {
  body();  // warm-up: first-touch page faults and allocator growth are not the rule's cost
  std::vector<double> times;
  for (int r = 0; r < reps; ++r) {
    const auto start = std::chrono::steady_clock::now();
    body();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

void save(const std::string& path, const torch::Tensor& t) {
  const auto c = t.contiguous();
  std::vector<int64_t> shape(c.sizes().begin(), c.sizes().end());
  fl::write_npy(path, shape, std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel()));
}

// Rule name, extra config overrides, and the Weiszfeld/clipping iterations it runs (for per-iteration time).
struct Case {
  std::string rule;
  std::vector<fl::Override> overrides;
  int64_t iterations = 1;
};

}  // namespace

int main(int argc, char** argv) {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // as the fedsec executable: reuse freed large blocks
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  at::set_num_threads(1);
  std::string dir;
  std::vector<int64_t> ns{15, 100}, ds{100000, 1000000};
  int reps = 5;
  std::string only;  // comma-separated rule names to time; all when empty
  const auto usage = [] {
    std::cerr << "usage: fedsec_aggregator_bench --dir DIR [--n 15,100] [--d 100000,1000000] [--reps 5] "
                 "[--rules mean,median,...]\n";
    return 2;
  };
  if (argc % 2 == 0) return usage();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--dir")
      dir = value;
    else if (key == "--n")
      ns = parse_list(value);
    else if (key == "--d")
      ds = parse_list(value);
    else if (key == "--reps")
      reps = std::stoi(value);
    else if (key == "--rules")
      only = "," + value + ",";
    else
      return usage();
  }
  if (dir.empty()) return usage();  // the inputs alone can take hundreds of megabytes
  const std::vector<Case> cases{
      {"mean", {}},
      {"median", {}},
      {"trimmed_mean", {}},
      {"meamed", {}},
      {"krum", {}},
      {"multi_krum", {}},
      {"bulyan", {}},
      {"geometric_median",
       {{"aggregator.geometric_median.iterations", "3"}, {"aggregator.geometric_median.tolerance", "0"}},
       3},
      {"centered_clipping", {{"aggregator.centered_clipping.iterations", "3"}}, 3},
      {"flag", {}},
      {"nnm+mean", {{"server.pre_aggregation", "nnm"}}},
  };
  const fl::Registry registry = make_registry();
  std::cout << "rule,n,d,f,iterations,seconds,pass_seconds,gram_seconds\n";
  for (int64_t n : ns)
    for (int64_t d : ds) {
      const int64_t f = (n - 3) / 4;  // the largest f Bulyan accepts
      torch::manual_seed(n * 7919 + d);
      const auto x = torch::randn({n, d});
      const std::string tag = "n" + std::to_string(n) + "_d" + std::to_string(d);
      save(dir + "/x_" + tag + ".npy", x);
      const double pass = median_seconds(reps, [&] { x.sum(0); });
      const double gram = median_seconds(reps, [&] { at::mm(x, x.t()); });
      for (const auto& c : cases) {
        if (!only.empty() && only.find("," + c.rule + ",") == std::string::npos) continue;
        std::vector<fl::Override> overrides{{"server.aggregator", c.rule == "nnm+mean" ? "mean" : c.rule},
                                            {"server.f", std::to_string(f)}};
        overrides.insert(overrides.end(), c.overrides.begin(), c.overrides.end());
        const auto config = fl::Config::parse("", overrides, registry.schema(), "bench");
        const auto weights = torch::ones({n}, torch::kFloat64);
        torch::Tensor out;
        const double seconds = median_seconds(reps, [&] {
          // A fresh aggregator each time: centered clipping would otherwise start from its last output.
          // The last output is released first, as a caller that discards it would.
          out = torch::Tensor();
          out = registry.make_aggregator(config)->aggregate(x, weights);
        });
        save(dir + "/out_" + c.rule + "_" + tag + ".npy", out);
        std::cout << c.rule << "," << n << "," << d << "," << f << "," << c.iterations << "," << seconds
                  << "," << pass << "," << gram << std::endl;
      }
    }
  return 0;
}
