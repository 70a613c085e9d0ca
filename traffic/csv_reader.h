#pragma once
// A delimited-text reader that knows where it is: every error it raises names the file and the
// line ("samples.csv:17: ..."), so a malformed row in a large file can be found and fixed.

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace fedsec::traffic {

class CsvReader {
 public:
  // Opens path; throws std::runtime_error naming it if it cannot be read.
  explicit CsvReader(const std::string& path, char delimiter = ',');

  // Reads the next non-empty line into fields (double-quoted fields may hold the delimiter; a
  // trailing '\r' is dropped). Returns false at the end of the file.
  bool next(std::vector<std::string>& fields);

  // The 1-based number of the line last read.
  int line() const { return line_; }
  const std::string& path() const { return path_; }

  // Throws std::runtime_error("PATH:LINE: what").
  [[noreturn]] void fail(const std::string& what) const;

  // Field parsers: the whole (trimmed) text must be a number, else fail() names the column.
  // to_double returns NaN for an empty field when allow_empty is true.
  double to_double(const std::string& text, const char* column, bool allow_empty = false) const;
  int64_t to_int(const std::string& text, const char* column) const;

  // Reads the header line and fails unless it is exactly `expected`.
  void expect_header(const std::vector<std::string>& expected);

 private:
  std::string path_;
  std::ifstream in_;
  char delimiter_;
  int line_ = 0;
  std::string buffer_;
};

}  // namespace fedsec::traffic
