#include "traffic/csv_reader.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace fedsec::traffic {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::string join(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + fields[i];
  return out;
}

}  // namespace

CsvReader::CsvReader(const std::string& path, char delimiter)
    : path_(path), in_(path), delimiter_(delimiter) {
  if (!in_) throw std::runtime_error(path + ": cannot open for reading");
}

bool CsvReader::next(std::vector<std::string>& fields) {
  while (std::getline(in_, buffer_)) {
    ++line_;
    if (!buffer_.empty() && buffer_.back() == '\r') buffer_.pop_back();
    if (buffer_.find_first_not_of(" \t") == std::string::npos) continue;
    fields.clear();
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < buffer_.size(); ++i) {
      const char c = buffer_[i];
      if (c == '"') {
        if (quoted && i + 1 < buffer_.size() && buffer_[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = !quoted;
        }
      } else if (c == delimiter_ && !quoted) {
        fields.push_back(field);
        field.clear();
      } else {
        field += c;
      }
    }
    if (quoted) fail("unterminated quoted field");
    fields.push_back(field);
    return true;
  }
  return false;
}

void CsvReader::fail(const std::string& what) const {
  throw std::runtime_error(path_ + ":" + std::to_string(line_) + ": " + what);
}

double CsvReader::to_double(const std::string& text, const char* column, bool allow_empty) const {
  const std::string t = trim(text);
  if (t.empty()) {
    if (allow_empty) return std::numeric_limits<double>::quiet_NaN();
    fail(std::string("column ") + column + " is empty");
  }
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || errno == ERANGE || std::isnan(v))
    fail(std::string("column ") + column + ": '" + t + "' is not a number");
  return v;
}

int64_t CsvReader::to_int(const std::string& text, const char* column) const {
  const std::string t = trim(text);
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(t.c_str(), &end, 10);
  if (t.empty() || end != t.c_str() + t.size() || errno == ERANGE)
    fail(std::string("column ") + column + ": '" + t + "' is not an integer");
  return v;
}

void CsvReader::expect_header(const std::vector<std::string>& expected) {
  std::vector<std::string> header;
  if (!next(header)) fail("empty file, expected the header " + join(expected));
  for (std::string& h : header) h = trim(h);
  if (header != expected) fail("header is " + join(header) + ", expected " + join(expected));
}

}  // namespace fedsec::traffic
