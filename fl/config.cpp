#include "fl/config.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>

#include "fl/errors.h"

namespace fedsec::fl {
namespace {

[[noreturn]] void fail(const std::string& origin, const std::string& message) {
  throw UsageError(origin + ": " + message);
}

std::string node_text(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

bool parse_int(const std::string& text, int64_t& out) {
  if (text.empty()) return false;
  size_t used = 0;
  try {
    out = std::stoll(text, &used);
  } catch (const std::exception&) {
    return false;
  }
  return used == text.size();
}

bool parse_double(const std::string& text, double& out) {
  if (text.empty()) return false;
  size_t used = 0;
  try {
    out = std::stod(text, &used);
  } catch (const std::exception&) {
    return false;
  }
  return used == text.size() && !std::isnan(out);
}

void check_range(const KeySpec& spec, double v, const std::string& origin, const std::string& shown) {
  const bool low = spec.min_exclusive ? v <= spec.min : v < spec.min;
  const bool high = spec.max_exclusive ? v >= spec.max : v > spec.max;
  if (low || high)
    fail(origin, "key '" + spec.path + "' = " + shown + " is out of range: expected " + spec.allowed());
}

ConfigValue convert(const KeySpec& spec, const YAML::Node& node, const std::string& origin) {
  const std::string shown = node_text(node);
  auto wrong = [&]() -> ConfigValue {
    fail(origin, "key '" + spec.path + "' = " + shown + " has the wrong type: expected " + spec.allowed());
  };
  if (!node.IsDefined() || node.IsNull())
    fail(origin, "key '" + spec.path + "' has no value: expected " + spec.allowed());
  switch (spec.type) {
    case KeyType::Int: {
      int64_t v = 0;
      if (!node.IsScalar() || !parse_int(node.Scalar(), v)) return wrong();
      check_range(spec, static_cast<double>(v), origin, shown);
      return v;
    }
    case KeyType::Float: {
      double v = 0;
      if (!node.IsScalar() || !parse_double(node.Scalar(), v)) return wrong();
      check_range(spec, v, origin, shown);
      return v;
    }
    case KeyType::Bool: {
      bool v = false;
      if (!node.IsScalar() || !YAML::convert<bool>::decode(node, v)) return wrong();
      return v;
    }
    case KeyType::String:
      if (!node.IsScalar()) return wrong();
      return node.Scalar();
    case KeyType::Choice: {
      if (!node.IsScalar()) return wrong();
      const auto& c = spec.choices;
      if (std::find(c.begin(), c.end(), node.Scalar()) == c.end())
        fail(origin, "key '" + spec.path + "' = " + shown + " is not allowed: expected " + spec.allowed());
      return node.Scalar();
    }
    case KeyType::StringList: {
      if (!node.IsSequence()) return wrong();
      std::vector<std::string> items;
      for (const auto& item : node) {
        if (!item.IsScalar()) return wrong();
        const auto& c = spec.choices;
        if (!c.empty() && std::find(c.begin(), c.end(), item.Scalar()) == c.end())
          fail(origin, "key '" + spec.path + "' item '" + item.Scalar() + "' is not allowed: expected " +
                           spec.allowed());
        items.push_back(item.Scalar());
      }
      return items;
    }
    case KeyType::IntList: {
      if (!node.IsSequence()) return wrong();
      std::vector<int64_t> items;
      for (const auto& item : node) {
        int64_t v = 0;
        if (!item.IsScalar() || !parse_int(item.Scalar(), v)) return wrong();
        check_range(spec, static_cast<double>(v), origin, node_text(item));
        items.push_back(v);
      }
      return items;
    }
  }
  return wrong();
}

bool is_section(const ConfigSchema& schema, const std::string& prefix) {
  const auto& keys = schema.keys();
  auto it = keys.lower_bound(prefix + ".");
  return it != keys.end() && it->first.compare(0, prefix.size() + 1, prefix + ".") == 0;
}

[[noreturn]] void unknown_key(const ConfigSchema& schema, const std::string& path,
                              const std::string& origin) {
  fail(origin, "unknown key '" + path + "'; did you mean '" + schema.nearest(path) + "'?");
}

// Walks a YAML map, setting every leaf it finds into values.
void collect(const YAML::Node& node, const std::string& prefix, const ConfigSchema& schema,
             std::map<std::string, ConfigValue>& values, const std::string& origin) {
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (const KeySpec* spec = schema.find(path)) {
      values[path] = convert(*spec, entry.second, origin);
    } else if (is_section(schema, path)) {
      if (!entry.second.IsMap())
        fail(origin, "key '" + path + "' is a section: expected a map of keys under it");
      collect(entry.second, path, schema, values, origin);
    } else {
      unknown_key(schema, path, origin);
    }
  }
}

std::string render(const ConfigValue& value) {
  YAML::Node node;
  std::visit([&](const auto& v) { node = v; }, value);
  return node_text(node);
}

}  // namespace

Override parse_override(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw UsageError("override '" + text + "' is not of the form key.path=value");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

Config Config::parse(const std::string& yaml_text, const std::vector<Override>& overrides,
                     const ConfigSchema& schema, const std::string& origin) {
  Config config;
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    fail(origin, std::string("invalid YAML: ") + e.what());
  }
  if (root.IsDefined() && !root.IsNull()) {
    if (!root.IsMap()) fail(origin, "expected a map of keys at the top level");
    collect(root, "", schema, config.values_, origin);
  }
  for (const auto& o : overrides) {
    const KeySpec* spec = schema.find(o.path);
    if (!spec) unknown_key(schema, o.path, "override");
    YAML::Node node;
    try {
      node = YAML::Load(o.value_yaml);
    } catch (const YAML::Exception& e) {
      fail("override", "value of '" + o.path + "' is not valid YAML: " + e.what());
    }
    config.values_[o.path] = convert(*spec, node, "override");
  }
  for (const auto& [path, spec] : schema.keys())
    if (!config.values_.count(path))
      config.values_[path] = convert(spec, YAML::Load(spec.default_yaml), "default");
  return config;
}

Config Config::load(const std::string& path, const std::vector<Override>& overrides,
                    const ConfigSchema& schema) {
  std::ifstream in(path);
  if (!in) throw UsageError(path + ": cannot open config file");
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), overrides, schema, path);
}

const ConfigValue& Config::at(const std::string& path) const {
  auto it = values_.find(path);
  if (it == values_.end()) throw std::logic_error("config key not declared: " + path);
  return it->second;
}

int64_t Config::get_int(const std::string& path) const { return std::get<int64_t>(at(path)); }
double Config::get_double(const std::string& path) const { return std::get<double>(at(path)); }
bool Config::get_bool(const std::string& path) const { return std::get<bool>(at(path)); }
const std::string& Config::get_string(const std::string& path) const {
  return std::get<std::string>(at(path));
}
const std::vector<std::string>& Config::get_string_list(const std::string& path) const {
  return std::get<std::vector<std::string>>(at(path));
}
const std::vector<int64_t>& Config::get_int_list(const std::string& path) const {
  return std::get<std::vector<int64_t>>(at(path));
}

std::string Config::value_text(const std::string& path) const { return render(at(path)); }

std::string Config::to_yaml() const {
  // Dotted paths become nested maps: build the tree, then emit it depth first.
  struct Tree {
    std::map<std::string, Tree> children;
    const ConfigValue* value = nullptr;
  };
  Tree root;
  for (const auto& [path, value] : values_) {
    Tree* node = &root;
    std::stringstream parts(path);
    for (std::string part; std::getline(parts, part, '.');) node = &node->children[part];
    node->value = &value;
  }
  YAML::Emitter out;
  std::function<void(const Tree&)> emit = [&](const Tree& tree) {
    out << YAML::BeginMap;
    for (const auto& [key, child] : tree.children) {
      out << YAML::Key << key << YAML::Value;
      if (child.value)
        out << YAML::Load(render(*child.value));
      else
        emit(child);
    }
    out << YAML::EndMap;
  };
  emit(root);
  return std::string(out.c_str()) + "\n";
}

}  // namespace fedsec::fl
