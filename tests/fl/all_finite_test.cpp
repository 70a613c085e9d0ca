// all_finite against torch::isfinite, on each kind of non-finite value and position.
#include <gtest/gtest.h>

#include <limits>

#include "fl/all_finite.h"

namespace fedsec::fl {
namespace {

TEST(AllFinite, FindsEachNonFiniteValueWhereverItIs) {
  const float bad[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                       -std::numeric_limits<float>::infinity()};
  for (int64_t n : {1, 17, 4096, 4097, 10000}) {
    auto t = torch::randn({n});
    EXPECT_TRUE(all_finite(t)) << n;
    for (float value : bad)
      for (int64_t at : {int64_t{0}, n / 2, n - 1}) {
        auto u = t.clone();
        u[at] = value;
        EXPECT_FALSE(all_finite(u)) << n << " " << at;
      }
  }
}

TEST(AllFinite, LargestAndSmallestFiniteValuesAreFinite) {
  const auto t = torch::tensor({std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(),
                                std::numeric_limits<float>::denorm_min(), -0.0f, 0.0f});
  EXPECT_TRUE(all_finite(t));
}

TEST(AllFinite, OtherDtypesAndLayoutsAgreeWithTorch) {
  auto t = torch::randn({6, 5}, torch::kFloat64);
  EXPECT_TRUE(all_finite(t));
  t[2][3] = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(all_finite(t));
  auto f = torch::randn({6, 5});
  f[4][1] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(all_finite(f.t()));                // not contiguous
  EXPECT_TRUE(all_finite(f.t().slice(1, 0, 4)));  // the rows without the NaN
}

}  // namespace
}  // namespace fedsec::fl
