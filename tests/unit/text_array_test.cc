// Arrays in PostgreSQL's text form, as array_out writes them.
#include "util/text_array.h"

#include <gtest/gtest.h>

namespace wayback::util {
namespace {

TEST(TextArray, ReadsPlainQuotedAndNullElements) {
  auto a = ParseTextArray(R"({plain,"two words",NULL,"NULL","","a \"q\" and \\",x})");
  ASSERT_TRUE(a.has_value());
  ASSERT_EQ(a->size(), 7u);
  EXPECT_EQ((*a)[0], "plain");
  EXPECT_EQ((*a)[1], "two words");
  EXPECT_EQ((*a)[2], std::nullopt);
  EXPECT_EQ((*a)[3], "NULL");
  EXPECT_EQ((*a)[4], "");
  EXPECT_EQ((*a)[5], R"(a "q" and \)");
  EXPECT_EQ((*a)[6], "x");
  EXPECT_EQ(ParseTextArray("{\"line\none, {braces}\"}")->at(0), "line\none, {braces}");
}

TEST(TextArray, EmptyAndMalformed) {
  EXPECT_EQ(ParseTextArray("{}")->size(), 0u);
  EXPECT_FALSE(ParseTextArray("").has_value());
  EXPECT_FALSE(ParseTextArray("{a,b").has_value());
  EXPECT_FALSE(ParseTextArray("{\"open}").has_value());
  EXPECT_FALSE(ParseTextArray("{{1,2},{3,4}}").has_value());
  EXPECT_FALSE(ParseTextArray("[0:1]={a,b}").has_value());
  EXPECT_EQ(TextArrayElements("{1,NULL,-3}"), (std::vector<std::string>{"1", "", "-3"}));
  EXPECT_TRUE(TextArrayElements("not an array").empty());
}

}  // namespace
}  // namespace wayback::util
