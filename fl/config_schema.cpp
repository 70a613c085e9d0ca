#include "fl/config_schema.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace fedsec::fl {
namespace {

std::string format_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

std::string range_text(const KeySpec& k) {
  std::vector<std::string> parts;
  if (std::isfinite(k.min)) parts.push_back((k.min_exclusive ? "> " : ">= ") + format_number(k.min));
  if (std::isfinite(k.max)) parts.push_back((k.max_exclusive ? "< " : "<= ") + format_number(k.max));
  return join(parts, " and ");
}

}  // namespace

KeySpec make_key(std::string path, KeyType type, std::string default_yaml, std::string doc, double min,
                 double max, bool min_exclusive, bool max_exclusive) {
  KeySpec k;
  k.path = std::move(path);
  k.type = type;
  k.default_yaml = std::move(default_yaml);
  k.doc = std::move(doc);
  k.min = min;
  k.max = max;
  k.min_exclusive = min_exclusive;
  k.max_exclusive = max_exclusive;
  return k;
}

KeySpec make_choice(std::string path, std::string default_yaml, std::vector<std::string> choices,
                    std::string doc) {
  KeySpec k = make_key(std::move(path), KeyType::Choice, std::move(default_yaml), std::move(doc));
  k.choices = std::move(choices);
  return k;
}

std::string KeySpec::allowed() const {
  const std::string range = range_text(*this);
  switch (type) {
    case KeyType::Int:
      return "an integer" + (range.empty() ? "" : " " + range);
    case KeyType::Float:
      return "a number" + (range.empty() ? "" : " " + range);
    case KeyType::Bool:
      return "true or false";
    case KeyType::String:
      return "a string";
    case KeyType::Choice:
      return "one of: " + join(choices, ", ");
    case KeyType::StringList:
      return choices.empty() ? "a list of strings" : "a list of: " + join(choices, ", ");
    case KeyType::IntList:
      return "a list of integers" + (range.empty() ? "" : ", each " + range);
  }
  return "";
}

void ConfigSchema::add(KeySpec spec) {
  auto [it, inserted] = keys_.emplace(spec.path, spec);
  if (!inserted && it->second.type != spec.type)
    throw std::logic_error("config key declared twice with different types: " + spec.path);
}

void ConfigSchema::add_choice(const std::string& path, const std::string& name) {
  auto it = keys_.find(path);
  if (it == keys_.end()) throw std::logic_error("add_choice on undeclared key " + path);
  auto& choices = it->second.choices;
  if (std::find(choices.begin(), choices.end(), name) == choices.end()) choices.push_back(name);
}

const KeySpec* ConfigSchema::find(const std::string& path) const {
  auto it = keys_.find(path);
  return it == keys_.end() ? nullptr : &it->second;
}

std::string ConfigSchema::nearest(const std::string& path) const {
  std::string best;
  int best_distance = std::numeric_limits<int>::max();
  for (const auto& [key, spec] : keys_) {
    // Compare against the whole path and against its last component, so that "client.learning_rate"
    // finds "client.lr" and "clinet.lr" finds "client.lr".
    const auto dot = key.rfind('.');
    const auto pdot = path.rfind('.');
    const int whole = edit_distance(path, key);
    const int leaf = (dot == std::string::npos || pdot == std::string::npos)
                         ? whole
                         : edit_distance(path.substr(0, pdot), key.substr(0, dot)) +
                               edit_distance(path.substr(pdot + 1), key.substr(dot + 1));
    const int d = std::min(whole, leaf);
    if (d < best_distance) {
      best_distance = d;
      best = key;
    }
  }
  return best;
}

std::string ConfigSchema::markdown() const {
  std::ostringstream out;
  std::string section;
  for (const auto& [path, k] : keys_) {
    const std::string top = path.substr(0, path.find('.'));
    if (top != section) {
      section = top;
      out << "\n## `" << section << "`\n\n| key | default | allowed | meaning |\n|---|---|---|---|\n";
    }
    out << "| `" << path << "` | `" << k.default_yaml << "` | " << k.allowed() << " | " << k.doc << " |\n";
  }
  return out.str();
}

int edit_distance(const std::string& a, const std::string& b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace fedsec::fl
