#pragma once
// Plain-text rendering of a CSV table with aligned columns, for printing results.

#include <string>
#include <vector>

namespace fedsec::cli {

// Reads a CSV file (as written by the sweep runner) and returns it with columns padded to equal
// width; the listed columns only, in that order, when `columns` is non-empty.
std::string format_csv_table(const std::string& csv_path, const std::vector<std::string>& columns = {});

}  // namespace fedsec::cli
