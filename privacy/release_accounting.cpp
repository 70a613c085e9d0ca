#include "privacy/release_accounting.h"

#include <algorithm>
#include <limits>

#include "privacy/calibration.h"

namespace fedsec::privacy {
namespace {

std::vector<ReleaseStream> distinct(std::vector<ReleaseStream> streams) {
  auto key = [](const ReleaseStream& s) { return std::make_pair(s.sample_rate, s.releases_per_round); };
  std::sort(streams.begin(), streams.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  streams.erase(std::unique(streams.begin(), streams.end(),
                            [&](const auto& a, const auto& b) { return key(a) == key(b); }),
                streams.end());
  return streams;
}

}  // namespace

WorstStreamAccounting::WorstStreamAccounting(std::vector<ReleaseStream> streams, double noise_multiplier,
                                             double delta, std::string accountant, EpsilonSchedule schedule)
    : streams_(distinct(std::move(streams))),
      noise_multiplier_(noise_multiplier),
      delta_(delta),
      accountant_name_(std::move(accountant)),
      schedule_(schedule) {
  check_delta(delta_);
  if (noise_multiplier_ > 0)
    for (size_t i = 0; i < streams_.size(); ++i) accountants_.push_back(make_accountant(accountant_name_));
}

fl::PrivacyReport WorstStreamAccounting::account_round() {
  fl::PrivacyReport report;
  report.delta = delta_;
  report.accountant = accountant_name_;
  report.noise_multiplier = noise_multiplier_;
  if (noise_multiplier_ <= 0) {
    report.epsilon = std::numeric_limits<double>::infinity();
    return report;
  }
  for (size_t i = 0; i < streams_.size(); ++i)
    accountants_[i]->step(noise_multiplier_, streams_[i].sample_rate, streams_[i].releases_per_round);
  if (!schedule_.due(++rounds_)) {
    report.epsilon = std::numeric_limits<double>::quiet_NaN();
    return report;
  }
  for (size_t i = 0; i < streams_.size(); ++i) {
    const EpsilonResult e = accountants_[i]->epsilon(delta_);
    if (i == 0 || e.epsilon > report.epsilon) {
      report.epsilon = e.epsilon;
      report.best_order = e.best_order;
      report.sample_rate = streams_[i].sample_rate;
      report.steps = streams_[i].releases_per_round * rounds_;
    }
  }
  return report;
}

double calibrate_streams(const std::vector<ReleaseStream>& streams, int64_t rounds, double target_epsilon,
                         double delta, const std::string& accountant) {
  double sigma = 0;
  for (const auto& s : distinct(streams))
    sigma = std::max(sigma, calibrate_noise_multiplier(target_epsilon, delta, s.sample_rate,
                                                       s.releases_per_round * rounds, accountant)
                                .noise_multiplier);
  return sigma;
}

}  // namespace fedsec::privacy
