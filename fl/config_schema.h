#pragma once
// The schema of experiment configuration keys: for each dotted key its type, default, allowed
// values and documentation. Every key a config file may hold is declared here, by the core or by
// a component when it registers, so that unknown keys, wrong types and out-of-range values are
// caught before anything runs, and docs/config.md is generated from the same table.

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fedsec::fl {

enum class KeyType { Int, Float, Bool, String, Choice, StringList, IntList };

// One configuration key. Numbers are checked against [min, max] (exclusive ends where flagged).
struct KeySpec {
  std::string path;
  KeyType type = KeyType::String;
  std::string default_yaml;  // default value in YAML flow syntax, e.g. "0.5", "[200]", "iid"
  std::string doc;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  bool max_exclusive = false;
  std::vector<std::string> choices;  // for Choice, and for StringList items when non-empty

  // "integer >= 1", "one of iid, dirichlet", ... used in error messages and docs.
  std::string allowed() const;
};

class ConfigSchema {
 public:
  // Adds a key; throws std::logic_error if the path is already declared differently.
  void add(KeySpec spec);
  // Adds name to the choices of an existing Choice or StringList key (component registration).
  void add_choice(const std::string& path, const std::string& name);

  const KeySpec* find(const std::string& path) const;
  // The declared key closest to path by edit distance (for "did you mean" messages).
  std::string nearest(const std::string& path) const;
  const std::map<std::string, KeySpec>& keys() const { return keys_; }

  // Markdown reference of every key, grouped by top-level section (the body of docs/config.md).
  std::string markdown() const;

 private:
  std::map<std::string, KeySpec> keys_;
};

// One-line key declarations for schemas: a key of any type with an optional numeric range, and a
// Choice key with its allowed names.
KeySpec make_key(std::string path, KeyType type, std::string default_yaml, std::string doc,
                 double min = -std::numeric_limits<double>::infinity(),
                 double max = std::numeric_limits<double>::infinity(), bool min_exclusive = false,
                 bool max_exclusive = false);
KeySpec make_choice(std::string path, std::string default_yaml, std::vector<std::string> choices,
                    std::string doc);

// Edit distance between two strings (insertions, deletions, substitutions).
int edit_distance(const std::string& a, const std::string& b);

}  // namespace fedsec::fl
