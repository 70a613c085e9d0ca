#include "privacy/calibration.h"

#include <gtest/gtest.h>

#include "fl/errors.h"
#include "privacy/accountant.h"

namespace fedsec::privacy {
namespace {

double epsilon_at(const std::string& name, double sigma, double q, std::int64_t steps, double delta) {
  std::unique_ptr<Accountant> accountant = make_accountant(name);
  accountant->step(sigma, q, steps);
  return accountant->epsilon(delta).epsilon;
}

struct CalibrationCase {
  const char* accountant;
  double target;
  double q;
  std::int64_t steps;
};

class CalibrationRoundTrip : public ::testing::TestWithParam<CalibrationCase> {};

// The calibrated sigma meets the target, and a sigma just below the tolerance band misses it.
TEST_P(CalibrationRoundTrip, SmallestSigmaMeetingTheTarget) {
  const CalibrationCase& c = GetParam();
  const double delta = 1e-5, tolerance = 1e-4;
  const CalibrationResult result =
      calibrate_noise_multiplier(c.target, delta, c.q, c.steps, c.accountant, tolerance);
  EXPECT_LE(result.epsilon, c.target);
  EXPECT_DOUBLE_EQ(epsilon_at(c.accountant, result.noise_multiplier, c.q, c.steps, delta), result.epsilon);
  EXPECT_GT(epsilon_at(c.accountant, result.noise_multiplier * (1 - 2 * tolerance), c.q, c.steps, delta),
            c.target);
}

INSTANTIATE_TEST_SUITE_P(Settings, CalibrationRoundTrip,
                         ::testing::Values(CalibrationCase{"rdp", 2.59666, 256.0 / 60000, 14063},
                                           CalibrationCase{"rdp", 1.0, 0.01, 1000},
                                           CalibrationCase{"rdp", 8.0, 1.0, 100},
                                           CalibrationCase{"rdp", 50.0, 0.01, 10},
                                           CalibrationCase{"pld", 1.0, 0.01, 1000},
                                           CalibrationCase{"pld", 3.0, 1.0, 10},
                                           // Below RDP's floor (about 0.1 at delta 1e-5), reachable with PLD.
                                           CalibrationCase{"pld", 0.05, 0.01, 10}),
                         [](const auto& info) {
                           return std::string(info.param.accountant) + "_case" + std::to_string(info.index);
                         });

// Opacus' MNIST example reaches epsilon 2.59666 with sigma 1.1; calibration must land just below 1.1.
TEST(Calibration, RecoversTheMnistNoiseMultiplier) {
  const CalibrationResult result = calibrate_noise_multiplier(2.59666, 1e-5, 256.0 / 60000, 14063);
  EXPECT_NEAR(result.noise_multiplier, 1.1, 1e-3);
}

TEST(Calibration, PldNeedsLessNoiseThanRdp) {
  const double rdp = calibrate_noise_multiplier(1.0, 1e-5, 0.01, 1000, "rdp").noise_multiplier;
  const double pld = calibrate_noise_multiplier(1.0, 1e-5, 0.01, 1000, "pld").noise_multiplier;
  EXPECT_LT(pld, rdp);
}

TEST(Calibration, InvalidOrUnreachableTargetsThrowUsageError) {
  EXPECT_THROW(calibrate_noise_multiplier(0, 1e-5, 0.01, 100), UsageError);
  EXPECT_THROW(calibrate_noise_multiplier(-1, 1e-5, 0.01, 100), UsageError);
  EXPECT_THROW(calibrate_noise_multiplier(1, 0, 0.01, 100), UsageError);
  EXPECT_THROW(calibrate_noise_multiplier(1, 1e-5, 0, 100), UsageError);
  EXPECT_THROW(calibrate_noise_multiplier(1, 1e-5, 2, 100), UsageError);
  EXPECT_THROW(calibrate_noise_multiplier(1, 1e-5, 0.01, 0), UsageError);
  EXPECT_THROW(calibrate_noise_multiplier(1, 1e-5, 0.01, 100, "nope"), UsageError);
  EXPECT_THROW(calibrate_noise_multiplier(1, 1e-5, 0.01, 100, "rdp", 0), UsageError);
  // RDP's conversion alone costs about 0.1 at delta 1e-5 and order 63, whatever sigma.
  EXPECT_THROW(calibrate_noise_multiplier(0.01, 1e-5, 0.01, 100), UsageError);
  // A huge budget for one full-batch step is met by any sigma >= 1e-3.
  EXPECT_THROW(calibrate_noise_multiplier(1e9, 1e-5, 1.0, 1), UsageError);
}

}  // namespace
}  // namespace fedsec::privacy
