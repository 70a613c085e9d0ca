#pragma once
// California algorithm #8 (Payne & Tignor, "Freeway incident-detection algorithms based on
// decision trees with states", TRR 682, 1978), the classic rule-based baseline. Per station pair:
//   incident-free --(OCCDF >= T1, OCCRDF >= T2 and the tentative test)--> tentative
//   tentative --(OCCRDF >= T2 again)--> incident (alarm) --(OCCRDF >= T2)--> continuing (alarm)
//   any other outcome returns to incident-free;
//   a compression wave (DOCCTD <= T_cw with DOCC >= T_docc_cw: downstream occupancy jumping up)
//   suppresses incident tests for suppression_s seconds.
// The tentative test is selectable because implementations disagree (research note 4.1): the
// downstream occupancy DOCC < T3' (Payne & Tignor's #7 logic, the default) or the downstream
// temporal drop DOCCTD >= T3 (a "modified #7" of an open-source implementation). The drop test
// rarely fires on 30-s data: by the time the queue reaches the upstream station, the downstream
// drop is minutes old. Occupancies are fractions; T3' = 0.2 is our choice (above critical
// occupancy, well below a queue's).

#include <vector>

#include "traffic/features.h"

namespace fedsec::traffic {

struct CaliforniaOptions {
  enum class TentativeTest { kDownstreamDrop, kDownstreamOccupancy };
  double occdf = 0.08;  // T1
  double occrdf = 0.5;  // T2
  TentativeTest tentative = TentativeTest::kDownstreamOccupancy;
  double docc_max = 0.2;  // T3' for kDownstreamOccupancy
  double docctd = 0.3;    // T3 for kDownstreamDrop
  double compression_docctd = -0.4;
  double compression_docc = 0.3;
  int suppression_s = 300;
};

// Alarms per row of the table (rows ordered by pair, then time, as build_pair_table gives them;
// a gap in time resets the pair to incident-free). The temporal measure DOCCTD is the table's,
// i.e. over FeatureOptions::lag_s.
std::vector<bool> california8_alarms(const PairTable& table, int interval_s,
                                     const CaliforniaOptions& options);

}  // namespace fedsec::traffic
