#pragma once
// A validated experiment configuration: every key declared in a ConfigSchema holds a value of
// its declared type (given in YAML, overridden on the command line, or defaulted).

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "fl/config_schema.h"

namespace fedsec::fl {

using ConfigValue =
    std::variant<int64_t, double, bool, std::string, std::vector<std::string>, std::vector<int64_t>>;

// "key.path=value" as typed on the command line; value is YAML (so lists are "[a, b]").
struct Override {
  std::string path;
  std::string value_yaml;
};

// Splits "key.path=value"; throws UsageError if there is no '='.
Override parse_override(const std::string& text);

class Config {
 public:
  // Parses YAML text, applies the overrides in order, checks every key against the schema and
  // fills in defaults. Throws UsageError naming the key: unknown keys (with the nearest valid
  // key), wrong types and out-of-range values (with what is allowed). `origin` names the source
  // in messages (a file path).
  static Config parse(const std::string& yaml_text, const std::vector<Override>& overrides,
                      const ConfigSchema& schema, const std::string& origin = "config");
  // As parse, reading the file; a missing or unparsable file is a UsageError.
  static Config load(const std::string& path, const std::vector<Override>& overrides,
                     const ConfigSchema& schema);

  int64_t get_int(const std::string& path) const;
  double get_double(const std::string& path) const;
  bool get_bool(const std::string& path) const;
  const std::string& get_string(const std::string& path) const;
  const std::vector<std::string>& get_string_list(const std::string& path) const;
  const std::vector<int64_t>& get_int_list(const std::string& path) const;

  // The value of a key rendered as YAML flow text ("0.5", "[200, 100]", "iid").
  std::string value_text(const std::string& path) const;
  // Every key with its resolved value, as a nested YAML document (round-trips through parse).
  std::string to_yaml() const;

  const std::map<std::string, ConfigValue>& values() const { return values_; }

 private:
  const ConfigValue& at(const std::string& path) const;
  std::map<std::string, ConfigValue> values_;
};

}  // namespace fedsec::fl
