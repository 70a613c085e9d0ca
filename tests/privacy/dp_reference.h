#pragma once
// Reader for tests/privacy/data/dp_reference_public.csv: epsilons computed with Opacus 1.5.4 (RDP,
// default orders, Balle et al. 2020 conversion) and dp_accounting 0.6.0 (PLD, interval 1e-4; the
// exact analytic Gaussian for q = 1). Copied from the project's research notes so that a clean
// clone can run the tests.

#include <cctype>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fedsec::privacy::testing {

struct DpReferenceRow {
  double q;
  double sigma;
  std::int64_t steps;
  double delta;
  double eps_rdp;
  double best_order;
  double eps_pld;
};

inline std::string dp_reference_path() {
  return std::string(FEDSEC_SOURCE_DIR) + "/tests/privacy/data/dp_reference_public.csv";
}

// All rows; throws std::runtime_error if the file is missing or a row is malformed.
inline std::vector<DpReferenceRow> load_dp_reference() {
  std::ifstream in(dp_reference_path());
  if (!in) throw std::runtime_error("cannot open " + dp_reference_path());
  std::string line;
  std::getline(in, line);
  if (line.rfind("q,sigma,steps,delta,eps_rdp,best_order,eps_pld", 0) != 0)
    throw std::runtime_error("unexpected header in " + dp_reference_path() + ": " + line);
  std::vector<DpReferenceRow> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream fields(line);
    std::string f[7];
    for (std::string& field : f)
      if (!std::getline(fields, field, ',')) throw std::runtime_error("short row: " + line);
    rows.push_back({std::stod(f[0]), std::stod(f[1]), std::stoll(f[2]), std::stod(f[3]), std::stod(f[4]),
                    std::stod(f[5]), std::stod(f[6])});
  }
  return rows;
}

// A test-name-safe label such as q0_01_sigma1_1_steps100_delta1e_05.
inline std::string dp_reference_label(const DpReferenceRow& row) {
  std::ostringstream out;
  out << "q" << row.q << "_sigma" << row.sigma << "_steps" << row.steps << "_delta" << row.delta;
  std::string label = out.str();
  for (char& c : label)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return label;
}

}  // namespace fedsec::privacy::testing
