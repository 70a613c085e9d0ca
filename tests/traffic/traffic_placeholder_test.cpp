#include <gtest/gtest.h>
TEST(TrafficPlaceholder, Builds) { SUCCEED(); }
