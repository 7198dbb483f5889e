#include <gtest/gtest.h>

#include "wayback/migration.h"

namespace wayback {
namespace {

TEST(Directives, ReadsAllKinds) {
  auto d = ParseDirectives(
      "-- wayback:no-transaction\n--wayback:irreversible drops legacy data\n"
      "  -- wayback:allow ban-drop-column the column was never read\nSELECT 1;",
      "x.sql");
  ASSERT_TRUE(d.has_value()) << d.error().message();
  EXPECT_TRUE(d->no_transaction);
  ASSERT_TRUE(d->irreversible.has_value());
  EXPECT_EQ(*d->irreversible, "drops legacy data");
  ASSERT_EQ(d->allows.size(), 1u);
  EXPECT_EQ(d->allows[0].rule, "ban-drop-column");
  EXPECT_EQ(d->allows[0].reason, "the column was never read");
  EXPECT_EQ(d->allows[0].line, 3);
}

TEST(Directives, AllowNeedsAReason) {
  auto d = ParseDirectives("-- wayback:allow ban-drop-column\n", "x.sql");
  ASSERT_FALSE(d.has_value());
  EXPECT_NE(d.error().message().find("x.sql:1"), std::string::npos);
}

TEST(Directives, IgnoresOrdinaryComments) {
  auto d = ParseDirectives("-- wayback is great\n-- see wayback:docs\nSELECT 1;", "x.sql");
  ASSERT_TRUE(d.has_value());
  EXPECT_FALSE(d->no_transaction);
}

TEST(WayBackBlock, ReadsTheThreeAnswers) {
  auto b = ParseWayBackBlock(
      "-- The way back\n--   writes:  users.email\n--   reverse: the down drops it\n--   window:  7 days\n\n"
      "ALTER TABLE users ADD COLUMN email text;");
  EXPECT_TRUE(b.present);
  EXPECT_EQ(b.writes, "users.email");
  EXPECT_EQ(b.reverse, "the down drops it");
  EXPECT_EQ(b.window, "7 days");
}

TEST(WayBackBlock, MustComeBeforeTheSql) {
  auto b = ParseWayBackBlock("SELECT 1;\n-- The way back\n-- writes: x\n");
  EXPECT_FALSE(b.present);
}

}  // namespace
}  // namespace wayback
