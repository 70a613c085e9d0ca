#pragma once
// Layout of a model's parameters inside one flat float vector: for each named tensor its shape
// and offset. Updates, DP noise, compression, crypto and attacks all work on the flat vector;
// the layout says how to read it back as tensors.

#include <cstdint>
#include <string>
#include <vector>

namespace fedsec::fl {

struct ParamEntry {
  std::string name;
  std::vector<int64_t> shape;
  int64_t offset = 0;
  int64_t numel = 0;
};

class ParamLayout {
 public:
  // Appends a tensor after the previous ones.
  void append(std::string name, std::vector<int64_t> shape);
  const std::vector<ParamEntry>& entries() const { return entries_; }
  // Total number of scalars.
  int64_t size() const { return size_; }
  // Entry by name; throws std::out_of_range if absent.
  const ParamEntry& at(const std::string& name) const;

 private:
  std::vector<ParamEntry> entries_;
  int64_t size_ = 0;
};

}  // namespace fedsec::fl
