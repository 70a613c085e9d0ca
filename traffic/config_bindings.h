#pragma once
// Binds dotted config keys (fl/config_schema.h) to the fields of a settings struct, so that one
// table gives the schema (with each default read from a default-constructed struct, hence always
// the code's default), and copies a validated fl::Config into the struct.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "fl/config.h"
#include "fl/config_schema.h"
#include "fl/errors.h"

namespace fedsec::traffic {

// The shortest "%g" rendering of v that reads back as v.
inline std::string shortest_number(double v) {
  char buf[40];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

template <class Root>
class KeyBindings {
 public:
  // Binds a field; `field(root)` returns a reference to it. The key type follows the field's C++
  // type (double: Float, bool: Bool, integers: Int, std::string: String, std::vector<int64_t>:
  // IntList); spec carries path, doc and range.
  template <class Field>
  void add(fl::KeySpec spec, Field field) {
    using T = std::decay_t<decltype(field(std::declval<Root&>()))>;
    spec.type = key_type<T>();
    bindings_.push_back({spec,
                         [field](const Root& defaults) {
                           Root copy = defaults;
                           return render(field(copy));
                         },
                         [field, path = spec.path](const fl::Config& config, Root& root) {
                           read(config, path, field(root));
                         }});
  }

  // Binds a field shown as one of spec.choices through a getter and a setter.
  void add_choice(fl::KeySpec spec, std::function<std::string(const Root&)> get,
                  std::function<void(Root&, const std::string&)> set) {
    spec.type = fl::KeyType::Choice;
    bindings_.push_back({spec, get, [set, path = spec.path](const fl::Config& config, Root& root) {
                           set(root, config.get_string(path));
                         }});
  }

  // Every bound key, with its default taken from `defaults`.
  fl::ConfigSchema schema(const Root& defaults) const {
    fl::ConfigSchema schema;
    for (const Binding& b : bindings_) {
      fl::KeySpec spec = b.spec;
      spec.default_yaml = b.show(defaults);
      schema.add(spec);
    }
    return schema;
  }

  // Copies every bound key of a config parsed with schema() into root.
  void apply(const fl::Config& config, Root& root) const {
    for (const Binding& b : bindings_) b.apply(config, root);
  }

 private:
  struct Binding {
    fl::KeySpec spec;
    std::function<std::string(const Root&)> show;
    std::function<void(const fl::Config&, Root&)> apply;
  };

  template <class T>
  static fl::KeyType key_type() {
    if constexpr (std::is_same_v<T, bool>)
      return fl::KeyType::Bool;
    else if constexpr (std::is_integral_v<T>)
      return fl::KeyType::Int;
    else if constexpr (std::is_floating_point_v<T>)
      return fl::KeyType::Float;
    else if constexpr (std::is_same_v<T, std::string>)
      return fl::KeyType::String;
    else {
      static_assert(std::is_same_v<T, std::vector<int64_t>>, "unsupported field type");
      return fl::KeyType::IntList;
    }
  }

  template <class T>
  static std::string render(const T& v) {
    if constexpr (std::is_same_v<T, bool>)
      return v ? "true" : "false";
    else if constexpr (std::is_integral_v<T>)
      return std::to_string(v);
    else if constexpr (std::is_floating_point_v<T>)
      return shortest_number(v);
    else if constexpr (std::is_same_v<T, std::string>)
      return v.empty() ? "''" : v;
    else {
      std::string out = "[";
      for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::to_string(v[i]);
      return out + "]";
    }
  }

  template <class T>
  static void read(const fl::Config& config, const std::string& path, T& out) {
    if constexpr (std::is_same_v<T, bool>)
      out = config.get_bool(path);
    else if constexpr (std::is_integral_v<T>) {
      const int64_t v = config.get_int(path);
      if (v < static_cast<int64_t>(std::numeric_limits<T>::min()) ||
          (v > 0 && static_cast<uint64_t>(v) > static_cast<uint64_t>(std::numeric_limits<T>::max())))
        throw UsageError("key '" + path + "' = " + std::to_string(v) + " is out of range for a " +
                         std::to_string(8 * sizeof(T)) + "-bit integer");
      out = static_cast<T>(v);
    } else if constexpr (std::is_floating_point_v<T>)
      out = config.get_double(path);
    else if constexpr (std::is_same_v<T, std::string>)
      out = config.get_string(path);
    else
      out = config.get_int_list(path);
  }

  std::vector<Binding> bindings_;
};

}  // namespace fedsec::traffic
