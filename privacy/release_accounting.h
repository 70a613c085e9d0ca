#pragma once
// Accounting for a set of release streams that run side by side, each a sampled Gaussian with
// its own sampling rate and number of releases per round (for DP-SGD, one stream per distinct
// client shard size). The guarantee reported is that of the worst stream.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fl/privacy_mechanism.h"
#include "privacy/accountant.h"

namespace fedsec::privacy {

struct ReleaseStream {
  double sample_rate = 1.0;
  int64_t releases_per_round = 1;
};

// The rounds whose epsilon is computed: multiples of `every`, and `last` (the run's last round).
// Steps are recorded every round regardless; the PLD accountant, which recomposes the whole
// history on each query, is asked only at these rounds.
struct EpsilonSchedule {
  int64_t every = 1;
  int64_t last = 0;
  bool due(int64_t round) const { return round % every == 0 || round == last; }
};

class WorstStreamAccounting {
 public:
  // noise_multiplier 0 means no noise: epsilon is reported as infinite. Equal streams are merged.
  WorstStreamAccounting(std::vector<ReleaseStream> streams, double noise_multiplier, double delta,
                        std::string accountant, EpsilonSchedule schedule = {});

  // Records one round of every stream and returns the worst stream's cumulative guarantee; on a
  // round the schedule skips, the epsilon is NaN (not computed) and best_order is empty.
  fl::PrivacyReport account_round();

 private:
  std::vector<ReleaseStream> streams_;
  std::vector<std::unique_ptr<Accountant>> accountants_;
  double noise_multiplier_, delta_;
  std::string accountant_name_;
  EpsilonSchedule schedule_;
  int64_t rounds_ = 0;
};

// The smallest noise multiplier (within the calibration tolerance) for which every stream meets
// (target_epsilon, delta) after `rounds` rounds. Throws fedsec::UsageError when out of reach.
double calibrate_streams(const std::vector<ReleaseStream>& streams, int64_t rounds, double target_epsilon,
                         double delta, const std::string& accountant);

}  // namespace fedsec::privacy
