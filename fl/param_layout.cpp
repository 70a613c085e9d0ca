#include "fl/param_layout.h"

#include <functional>
#include <numeric>
#include <stdexcept>

namespace fedsec::fl {

void ParamLayout::append(std::string name, std::vector<int64_t> shape) {
  const int64_t numel = std::accumulate(shape.begin(), shape.end(), int64_t{1}, std::multiplies<>());
  entries_.push_back({std::move(name), std::move(shape), size_, numel});
  size_ += numel;
}

const ParamEntry& ParamLayout::at(const std::string& name) const {
  for (const auto& e : entries_)
    if (e.name == name) return e;
  throw std::out_of_range("no parameter named " + name);
}

}  // namespace fedsec::fl
