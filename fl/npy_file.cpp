#include "fl/npy_file.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "fl/errors.h"

namespace fedsec::fl {
namespace {

const char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

[[noreturn]] void fail_npy(const std::string& path, const std::string& what) {
  throw UsageError(path + ": " + what);
}

// The text after `'key':` in the header dict, up to the next top-level ',' or '}'.
std::string header_value(const std::string& header, const std::string& key, const std::string& path) {
  const auto at = header.find("'" + key + "'");
  if (at == std::string::npos) fail_npy(path, "bad header: no '" + key + "' in " + header);
  auto pos = header.find(':', at);
  if (pos == std::string::npos) fail_npy(path, "bad header: no value for '" + key + "'");
  ++pos;
  int depth = 0;
  size_t end = pos;
  for (; end < header.size(); ++end) {
    const char c = header[end];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth == 0 && (c == ',' || c == '}')) break;
  }
  if (depth != 0 || end == header.size()) fail_npy(path, "bad header: unterminated value for '" + key + "'");
  std::string value = header.substr(pos, end - pos);
  const auto first = value.find_first_not_of(" ");
  const auto last = value.find_last_not_of(" ");
  return first == std::string::npos ? "" : value.substr(first, last - first + 1);
}

std::vector<int64_t> parse_shape(const std::string& text, const std::string& path) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    fail_npy(path, "bad header: shape " + text + " is not a tuple");
  std::vector<int64_t> shape;
  size_t pos = 1;
  while (pos < text.size() - 1) {
    while (pos < text.size() - 1 && (text[pos] == ' ' || text[pos] == ',')) ++pos;
    if (pos >= text.size() - 1) break;
    size_t used = 0;
    long long dim = -1;
    try {
      dim = std::stoll(text.substr(pos), &used);
    } catch (const std::exception&) {
      fail_npy(path, "bad header: shape " + text + " holds a non-integer");
    }
    if (dim < 0) fail_npy(path, "bad header: negative dimension in shape " + text);
    shape.push_back(dim);
    pos += used;
  }
  return shape;
}

}  // namespace

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_npy(path, "cannot open");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < kMagicSize || bytes.compare(0, kMagicSize, kMagic, kMagicSize) != 0)
    fail_npy(path, bytes.size() < kMagicSize ? "truncated: too short for a .npy file"
                                             : "bad magic: not a NumPy .npy file");
  if (bytes.size() < 10) fail_npy(path, "truncated: the header length is missing");
  const auto major = static_cast<uint8_t>(bytes[6]);
  if (major < 1 || major > 3) fail_npy(path, "unsupported .npy format version " + std::to_string(major));
  const size_t length_size = major == 1 ? 2 : 4;
  if (bytes.size() < 8 + length_size) fail_npy(path, "truncated: the header length is missing");
  size_t header_length = 0;
  for (size_t i = 0; i < length_size; ++i)
    header_length |= static_cast<size_t>(static_cast<uint8_t>(bytes[8 + i])) << (8 * i);
  const size_t data_start = 8 + length_size + header_length;
  if (bytes.size() < data_start) fail_npy(path, "truncated: the header is cut off");
  const std::string header = bytes.substr(8 + length_size, header_length);
  if (header.find('{') == std::string::npos || header.find('}') == std::string::npos)
    fail_npy(path, "bad header: not a dict: " + header);

  NpyArray array;
  const std::string descr = header_value(header, "descr", path);
  if (descr == "'<f4'")
    array.float64 = false;
  else if (descr == "'<f8'")
    array.float64 = true;
  else
    fail_npy(path, "wrong dtype " + descr + ": expected little-endian float32 '<f4' or float64 '<f8'");
  const std::string order = header_value(header, "fortran_order", path);
  if (order == "True") fail_npy(path, "Fortran order is not supported: save a C-ordered array");
  if (order != "False") fail_npy(path, "bad header: fortran_order is " + order);
  array.shape = parse_shape(header_value(header, "shape", path), path);

  size_t count = 1;
  for (int64_t dim : array.shape) count *= static_cast<size_t>(dim);
  const size_t item = array.float64 ? 8 : 4;
  const size_t available = bytes.size() - data_start;
  if (available < count * item)
    fail_npy(path, "truncated: shape " + shape_text(array.shape) + " needs " + std::to_string(count * item) +
                       " data bytes, the file holds " + std::to_string(available));
  if (available > count * item)
    fail_npy(path, std::to_string(available - count * item) + " bytes after the data of shape " +
                       shape_text(array.shape));
  array.data.resize(count);
  const char* data = bytes.data() + data_start;
  if (array.float64) {
    for (size_t i = 0; i < count; ++i) {
      double v;
      std::memcpy(&v, data + 8 * i, 8);
      array.data[i] = static_cast<float>(v);
    }
  } else {
    std::memcpy(array.data.data(), data, 4 * count);
  }
  return array;
}

void write_npy(const std::string& path, const std::vector<int64_t>& shape, const std::vector<float>& data,
               bool float64) {
  size_t count = 1;
  for (int64_t dim : shape) count *= static_cast<size_t>(dim);
  if (count != data.size()) throw std::invalid_argument("write_npy: shape does not match the data");
  std::string header = std::string("{'descr': '") + (float64 ? "<f8" : "<f4") +
                       "', 'fortran_order': False, 'shape': " + shape_text(shape) + ", }";
  // Pad with spaces and a final newline so that the data starts at a multiple of 64 bytes.
  const size_t unpadded = kMagicSize + 2 + 2 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error(path + ": cannot write");
  out.write(kMagic, kMagicSize);
  out.put(1);
  out.put(0);
  out.put(static_cast<char>(header.size() & 0xff));
  out.put(static_cast<char>(header.size() >> 8));
  out << header;
  if (float64) {
    for (float v : data) {
      const double wide = v;
      out.write(reinterpret_cast<const char*>(&wide), 8);
    }
  } else {
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(4 * data.size()));
  }
  if (!out) throw std::runtime_error(path + ": write failed");
}

}  // namespace fedsec::fl
