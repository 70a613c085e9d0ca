#pragma once
// The canonical dataset as four CSV files in one directory (schema in docs/traffic.md):
//   stations.csv   station_id,road,direction,postmile_km,lanes,region_id
//   regions.csv    region_id,road,direction,lanes,ramps_per_km,lane_drop,center_distance_km
//   samples.csv    time_s,station_id,interval_s,flow_vph,occupancy,speed_kph,observed
//   incidents.csv  incident_id,road,direction,postmile_km,t_start_s,t_end_s,lanes_blocked,type,impactful
// Missing measurements and unknown impact are empty fields.

#include <string>

#include "traffic/dataset.h"

namespace fedsec::traffic {

// Writes the four files into dir (created if needed). Throws std::runtime_error on I/O failure.
void write_dataset_csv(const Dataset& dataset, const std::string& dir);

// Reads the four files from dir. Throws std::runtime_error naming file and line for a wrong
// header, a malformed or out-of-range value, an unknown station or region reference, or a sample
// whose interval differs from the first one's.
Dataset read_dataset_csv(const std::string& dir);

}  // namespace fedsec::traffic
