#include <gtest/gtest.h>
TEST(AccountingPlaceholder, Builds) { SUCCEED(); }
