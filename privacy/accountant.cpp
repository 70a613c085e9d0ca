#include "privacy/accountant.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <sstream>

#include "fl/errors.h"
#include "privacy/pld_accountant.h"
#include "privacy/rdp_accountant.h"

namespace fedsec::privacy {
namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::string, AccountantFactory> factories{
      {"rdp", [] { return std::make_unique<RdpAccountant>(); }},
      {"pld", [] { return std::make_unique<PldAccountant>(); }},
  };
};

Registry& registry() {
  static Registry instance;
  return instance;
}

// Edits (insert, delete, substitute, swap two neighbours) turning a into b: "rpd" is one from "rdp".
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

template <typename T>
std::string describe(const T& value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

std::unique_ptr<Accountant> make_accountant(const std::string& name) {
  AccountantFactory factory;
  std::vector<std::string> names;
  {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    const auto it = r.factories.find(name);
    if (it != r.factories.end()) factory = it->second;
    for (const auto& entry : r.factories) names.push_back(entry.first);
  }
  if (factory) return factory();
  std::string valid, nearest = names.front();
  for (const std::string& candidate : names) {
    valid += (valid.empty() ? "" : ", ") + candidate;
    if (edit_distance(name, candidate) < edit_distance(name, nearest)) nearest = candidate;
  }
  throw UsageError("unknown accountant '" + name + "' (did you mean '" + nearest + "'? valid: " + valid +
                   ")");
}

void register_accountant(const std::string& name, AccountantFactory factory) {
  if (name.empty() || !factory) throw UsageError("register_accountant: need a non-empty name and a factory");
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.factories[name] = std::move(factory);
}

std::vector<std::string> accountant_names() {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  std::vector<std::string> names;
  for (const auto& entry : r.factories) names.push_back(entry.first);
  return names;
}

void check_step_arguments(double noise_multiplier, double sample_rate, std::int64_t num_steps) {
  if (!(noise_multiplier > 0) || !std::isfinite(noise_multiplier))
    throw UsageError("noise multiplier must be a finite number > 0, got " + describe(noise_multiplier));
  if (!(sample_rate > 0 && sample_rate <= 1))
    throw UsageError("sample rate must be in (0, 1], got " + describe(sample_rate));
  if (num_steps < 1) throw UsageError("number of steps must be >= 1, got " + describe(num_steps));
}

void check_delta(double delta) {
  if (!(delta > 0 && delta < 1)) throw UsageError("delta must be in (0, 1), got " + describe(delta));
}

}  // namespace fedsec::privacy
