#include "privacy/accountant.h"

#include <gtest/gtest.h>

#include "fl/errors.h"

namespace fedsec::privacy {
namespace {

TEST(AccountantRegistry, BuildsTheBuiltInAccountantsByName) {
  for (const std::string name : {"rdp", "pld"}) {
    std::unique_ptr<Accountant> accountant = make_accountant(name);
    ASSERT_NE(accountant, nullptr);
    EXPECT_EQ(accountant->name(), name);
    accountant->step(1.1, 0.01, 100);
    EXPECT_GT(accountant->epsilon(1e-5).epsilon, 0);
  }
  EXPECT_TRUE(make_accountant("rdp")->epsilon(1e-5).best_order == std::nullopt);  // nothing recorded yet
}

TEST(AccountantRegistry, UnknownNameSuggestsTheNearest) {
  try {
    make_accountant("pdl");
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("unknown accountant 'pdl'"), std::string::npos) << message;
    EXPECT_NE(message.find("did you mean 'pld'"), std::string::npos) << message;
    EXPECT_NE(message.find("rdp"), std::string::npos) << message;
  }
  try {
    make_accountant("rpd");
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'rdp'"), std::string::npos) << e.what();
  }
}

class ConstantAccountant final : public Accountant {
 public:
  void step(double, double, std::int64_t) override {}
  EpsilonResult epsilon(double) const override { return {0.5, std::nullopt}; }
  std::string name() const override { return "constant"; }
};

TEST(AccountantRegistry, AcceptsNewAccountants) {
  register_accountant("constant", [] { return std::make_unique<ConstantAccountant>(); });
  EXPECT_EQ(make_accountant("constant")->epsilon(1e-5).epsilon, 0.5);
  const std::vector<std::string> names = accountant_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "constant"), names.end());
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_THROW(register_accountant("", [] { return std::make_unique<ConstantAccountant>(); }), UsageError);
}

}  // namespace
}  // namespace fedsec::privacy
