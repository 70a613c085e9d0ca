#include "traffic/fundamental_diagram.h"

#include <algorithm>
#include <string>

#include "fl/errors.h"

namespace fedsec::traffic {

double FundamentalDiagram::flow(double density) const {
  const double q = std::min(free_speed_kph * density, wave_speed_kph * (jam_density() - density));
  return std::max(0.0, q);
}

void FundamentalDiagram::validate() const {
  auto require_positive = [](double value, const char* name) {
    if (!(value > 0.0)) throw UsageError(std::string("traffic: ") + name + " must be > 0");
  };
  require_positive(free_speed_kph, "free_speed_kph");
  require_positive(capacity_vphpl, "capacity_vphpl");
  require_positive(wave_speed_kph, "wave_speed_kph");
}

}  // namespace fedsec::traffic
