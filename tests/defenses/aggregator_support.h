#pragma once
// Builds aggregators by name through the registry, as a config file would.

#include <memory>
#include <string>
#include <vector>

#include "support/test_config.h"

namespace fedsec::testing {

inline std::unique_ptr<fl::Aggregator> make_aggregator(const std::string& rule, int64_t f,
                                                       std::vector<fl::Override> extra = {}) {
  std::vector<fl::Override> overrides{{"server.aggregator", rule}, {"server.f", std::to_string(f)}};
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  return registry().make_aggregator(fl::Config::parse("", overrides, registry().schema(), "test"));
}

// The rule applied once to x (n x d float32) with unit weights.
inline torch::Tensor aggregate(const std::string& rule, const torch::Tensor& x, int64_t f,
                               std::vector<fl::Override> extra = {}) {
  return make_aggregator(rule, f, std::move(extra))->aggregate(x, torch::ones({x.size(0)}, torch::kFloat64));
}

// Every robust rule registered by defenses/, with f-compatible settings for the shared tests.
inline const std::vector<std::string>& robust_rules() {
  static const std::vector<std::string> rules{"median", "trimmed_mean",      "meamed",
                                              "krum",   "multi_krum",        "geometric_median",
                                              "bulyan", "centered_clipping", "flag"};
  return rules;
}

}  // namespace fedsec::testing
