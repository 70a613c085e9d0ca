#include "fl/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "fl/components.h"
#include "fl/errors.h"

namespace fedsec::fl {
namespace {

using ::testing::HasSubstr;

class ConfigTest : public ::testing::Test {
 protected:
  const Registry registry = make_core_registry();
  const ConfigSchema& schema = registry.schema();

  std::string error_of(const std::string& yaml, const std::vector<Override>& overrides = {}) {
    try {
      Config::parse(yaml, overrides, schema, "exp.yaml");
    } catch (const UsageError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(ConfigTest, FillsDefaultsForEveryDeclaredKey) {
  const Config c = Config::parse("", {}, schema);
  EXPECT_EQ(c.values().size(), schema.keys().size());
  EXPECT_EQ(c.get_int("partition.num_clients"), 100);
  EXPECT_EQ(c.get_string("partition.name"), "dirichlet");
  EXPECT_EQ(c.get_int_list("model.hidden"), std::vector<int64_t>{200});
  EXPECT_TRUE(c.get_string_list("client.transforms").empty());
}

TEST_F(ConfigTest, ReadsNestedKeysAndOverridesWinInOrder) {
  const Config c = Config::parse("client:\n  lr: 0.1\nmodel: {name: mlp, hidden: [64, 32]}\n",
                                 {{"client.lr", "0.2"}, {"client.lr", "0.3"}}, schema);
  EXPECT_DOUBLE_EQ(c.get_double("client.lr"), 0.3);
  EXPECT_EQ(c.get_string("model.name"), "mlp");
  EXPECT_EQ(c.get_int_list("model.hidden"), (std::vector<int64_t>{64, 32}));
}

TEST_F(ConfigTest, UnknownKeyNamesItAndTheNearestValidKey) {
  const std::string e = error_of("client:\n  lrr: 0.1\n");
  EXPECT_THAT(e, HasSubstr("exp.yaml"));
  EXPECT_THAT(e, HasSubstr("unknown key 'client.lrr'"));
  EXPECT_THAT(e, HasSubstr("did you mean 'client.lr'"));
  EXPECT_THAT(error_of("", {{"federation.round", "3"}}), HasSubstr("did you mean 'federation.rounds'"));
  EXPECT_THAT(error_of("clinet: {lr: 0.1}\n"), HasSubstr("did you mean 'client.lr'"));
}

TEST_F(ConfigTest, WrongTypeNamesKeyAndWhatIsAllowed) {
  EXPECT_THAT(error_of("federation: {rounds: ten}\n"),
              HasSubstr("key 'federation.rounds' = ten has the wrong type: expected an integer >= 1"));
  EXPECT_THAT(error_of("federation: {rounds: 2.5}\n"), HasSubstr("'federation.rounds'"));
  EXPECT_THAT(error_of("model: {hidden: 200}\n"), HasSubstr("expected a list of integers"));
  EXPECT_THAT(error_of("client: 3\n"), HasSubstr("'client' is a section"));
}

TEST_F(ConfigTest, OutOfRangeNamesKeyAndRange) {
  EXPECT_THAT(error_of("client: {lr: 0}\n"),
              HasSubstr("'client.lr' = 0 is out of range: expected a number > 0"));
  EXPECT_THAT(error_of("client: {momentum: 1.0}\n"), HasSubstr("expected a number >= 0 and < 1"));
  EXPECT_THAT(error_of("partition: {name: banana}\n"), HasSubstr("expected one of: iid, dirichlet, shards"));
  EXPECT_THAT(error_of("", {{"partition.num_clients", "0"}}),
              HasSubstr("'partition.num_clients' = 0 is out of range"));
}

TEST_F(ConfigTest, MalformedYamlAndOverridesAreUsageErrors) {
  EXPECT_THAT(error_of("client: [\n"), HasSubstr("invalid YAML"));
  EXPECT_THROW(parse_override("client.lr"), UsageError);
  EXPECT_EQ(parse_override("a.b=c=d").value_yaml, "c=d");
}

TEST_F(ConfigTest, ResolvedYamlRoundTrips) {
  const Config c =
      Config::parse("model: {name: mlp, hidden: [64, 32]}\nclient: {transforms: []}\n", {}, schema);
  const Config again = Config::parse(c.to_yaml(), {}, schema);
  EXPECT_EQ(again.to_yaml(), c.to_yaml());
  EXPECT_EQ(again.values(), c.values());
}

TEST(ConfigDocs, DocsConfigMdMatchesTheSchema) {
  // docs/config.md is `fedsec config-doc` output; regenerate it when keys change.
  std::ifstream in(std::string(FEDSEC_SOURCE_DIR) + "/docs/config.md");
  ASSERT_TRUE(in) << "docs/config.md is missing";
  std::stringstream text;
  text << in.rdbuf();
  ConfigSchema schema;
  add_core_keys(schema);
  for (const auto& [path, spec] : schema.keys())
    EXPECT_THAT(text.str(), HasSubstr("`" + path + "`")) << path << " is not documented in docs/config.md";
}

TEST(EditDistance, CountsInsertionsDeletionsSubstitutions) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);
  EXPECT_EQ(edit_distance("", "abc"), 3);
  EXPECT_EQ(edit_distance("same", "same"), 0);
}

}  // namespace
}  // namespace fedsec::fl
