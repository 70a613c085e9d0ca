#include "traffic/california.h"

namespace fedsec::traffic {

std::vector<bool> california8_alarms(const PairTable& t, int interval_s, const CaliforniaOptions& o) {
  enum class State { kFree, kCompression, kTentative, kIncident };
  const int suppression = (o.suppression_s + interval_s - 1) / interval_s;
  std::vector<bool> alarm(t.rows(), false);
  State state = State::kFree;
  int remaining = 0;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    if (i == 0 || t.pair[i] != t.pair[i - 1] || t.time_s[i] != t.time_s[i - 1] + interval_s)
      state = State::kFree;
    const auto f = t.features.row(static_cast<Eigen::Index>(i));
    const bool rel_diff = f[kOccRelDiff] >= o.occrdf;
    switch (state) {
      case State::kFree:
      case State::kCompression: {
        if (f[kOccDownDrop] <= o.compression_docctd && f[kOccDown] >= o.compression_docc) {
          state = State::kCompression;
          remaining = suppression;
        } else if (state == State::kCompression) {
          if (--remaining <= 0) state = State::kFree;
        } else {
          const bool downstream = o.tentative == CaliforniaOptions::TentativeTest::kDownstreamDrop
                                      ? f[kOccDownDrop] >= o.docctd
                                      : f[kOccDown] < o.docc_max;
          if (f[kOccDiff] >= o.occdf && rel_diff && downstream) state = State::kTentative;
        }
        break;
      }
      case State::kTentative:
      case State::kIncident:
        state = rel_diff ? State::kIncident : State::kFree;
        alarm[i] = rel_diff;
        break;
    }
  }
  return alarm;
}

}  // namespace fedsec::traffic
