// Dropouts at each protocol stage: the round recovers while every neighbourhood keeps at least t
// clients, and otherwise fails cleanly, naming the stage, with no exception and no sum.
#include <gtest/gtest.h>

#include "secure/secagg_support.h"

namespace fedsec::secure {
namespace {

using testing::client_ids;
using testing::max_abs_error;
using testing::plain_sums;
using testing::random_inputs;

struct StageCase {
  const char* name;
  double DropoutRates::*rate;
  int dropped_index;        // index into SecAggResult::dropped
  SecAggStage abort_stage;  // where too many dropouts are noticed
};

const StageCase kStages[] = {
    {"after_advertise", &DropoutRates::after_advertise, 0, SecAggStage::ShareKeys},
    {"after_share", &DropoutRates::after_share, 1, SecAggStage::MaskedInputCollection},
    {"after_masked_input", &DropoutRates::after_masked_input, 2, SecAggStage::ConsistencyCheck},
    {"before_unmasking", &DropoutRates::before_unmasking, 3, SecAggStage::Unmasking},
};

SecAggConfig with_rate(const StageCase& s, double p, int degree, uint64_t seed) {
  SecAggConfig c;
  c.degree = degree;
  c.clip = 1.0;
  c.seed = seed;
  c.dropout.*(s.rate) = p;
  return c;
}

// Names the case in test output instead of dumping its bytes.
void PrintTo(const StageCase& s, std::ostream* os) { *os << s.name; }

class DropoutStage : public ::testing::TestWithParam<StageCase> {};

TEST_P(DropoutStage, RecoversWhileThresholdHolds) {
  const StageCase s = GetParam();
  const int n = 20;
  const auto ids = client_ids(n);
  const auto x = random_inputs(n, 256, 1.0, 20);
  // SecAgg: t = 11 of 20; SecAgg+ with k = 8: t = 5 of each neighbourhood of 9.
  for (auto [degree, p] : {std::pair<int, double>{0, 0.25}, {8, 0.15}}) {
    const SecAggConfig config = with_rate(s, p, degree, 3);
    const SecAggResult r = run_secure_aggregation(config, 1, ids, x);
    ASSERT_TRUE(r.ok) << s.name << " degree " << degree << ": " << r.error;
    EXPECT_FALSE(r.dropped[s.dropped_index].empty()) << s.name << " degree " << degree;
    const auto plain = plain_sums(r, ids, x, config);
    EXPECT_EQ(r.encoded_sum, plain.encoded);
    EXPECT_LE(max_abs_error(r.sum, plain.exact), r.error_bound);
    // Clients that sent their masked input count, whether or not they stayed for unmasking.
    const size_t lost = s.dropped_index <= 1 ? r.dropped[s.dropped_index].size() : 0;
    EXPECT_EQ(r.contributors.size(), n - lost);
  }
}

TEST_P(DropoutStage, FailsCleanlyBelowThreshold) {
  const StageCase s = GetParam();
  const int n = 12;
  const auto ids = client_ids(n);
  const auto x = random_inputs(n, 64, 1.0, 12);
  for (int degree : {0, 6}) {
    const SecAggConfig config = with_rate(s, 0.8, degree, 5);
    SecAggResult r;
    ASSERT_NO_THROW(r = run_secure_aggregation(config, 1, ids, x));
    EXPECT_FALSE(r.ok) << s.name;
    ASSERT_TRUE(r.failed_stage.has_value());
    EXPECT_EQ(*r.failed_stage, s.abort_stage) << s.name << ": " << r.error;
    EXPECT_NE(r.error.find("threshold"), std::string::npos) << r.error;
    EXPECT_TRUE(r.sum.empty());
    EXPECT_TRUE(r.encoded_sum.empty());
    EXPECT_TRUE(r.contributors.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(EveryStage, DropoutStage, ::testing::ValuesIn(kStages),
                         [](const ::testing::TestParamInfo<StageCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(Dropout, EveryoneGoneFailsAndNobodyGoneSucceeds) {
  const auto ids = client_ids(6);
  const auto x = random_inputs(6, 16, 1.0, 6);
  SecAggConfig all;
  all.dropout.after_advertise = 1.0;
  EXPECT_FALSE(run_secure_aggregation(all, 1, ids, x).ok);
  SecAggConfig none;
  EXPECT_TRUE(run_secure_aggregation(none, 1, ids, x).ok);
}

}  // namespace
}  // namespace fedsec::secure
