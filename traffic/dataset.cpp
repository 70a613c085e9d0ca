#include "traffic/dataset.h"

namespace fedsec::traffic {

const char* incident_type_name(IncidentType type) {
  switch (type) {
    case IncidentType::kShoulderDisablement:
      return "shoulder_disablement";
    case IncidentType::kShoulderAccident:
      return "shoulder_accident";
    case IncidentType::kLaneBlocking:
      return "lane_blocking";
  }
  return "lane_blocking";
}

bool parse_incident_type(const std::string& text, IncidentType& type) {
  for (IncidentType t :
       {IncidentType::kShoulderDisablement, IncidentType::kShoulderAccident, IncidentType::kLaneBlocking}) {
    if (text == incident_type_name(t)) {
      type = t;
      return true;
    }
  }
  return false;
}

bool postmile_decreases(const std::string& direction) { return direction == "S" || direction == "W"; }

double along_travel_km(const std::string& direction, double postmile_km) {
  return postmile_decreases(direction) ? -postmile_km : postmile_km;
}

}  // namespace fedsec::traffic
