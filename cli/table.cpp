#include "cli/table.h"

#include <algorithm>
#include <sstream>

#include "fl/atomic_file.h"

namespace fedsec::cli {
namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace

std::string format_csv_table(const std::string& csv_path, const std::vector<std::string>& columns) {
  std::istringstream in(fl::read_file(csv_path));
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) rows.push_back(split_csv_line(line));
  if (rows.empty()) return "";
  std::vector<size_t> keep;
  for (size_t c = 0; c < rows[0].size(); ++c)
    if (columns.empty() || std::find(columns.begin(), columns.end(), rows[0][c]) != columns.end())
      keep.push_back(c);
  std::vector<size_t> width(keep.size(), 0);
  for (const auto& row : rows)
    for (size_t k = 0; k < keep.size(); ++k)
      width[k] = std::max(width[k], keep[k] < row.size() ? row[keep[k]].size() : 0);
  std::string out;
  for (const auto& row : rows) {
    for (size_t k = 0; k < keep.size(); ++k) {
      const std::string cell = keep[k] < row.size() ? row[keep[k]] : "";
      out += cell + std::string(width[k] - cell.size() + 2, ' ');
    }
    out.erase(out.find_last_not_of(' ') + 1);
    out += "\n";
  }
  return out;
}

}  // namespace fedsec::cli
