#include <gtest/gtest.h>

#include "backend/connection.h"

namespace wayback::backend {
namespace {

std::vector<std::string> Texts(Dialect d, const std::string& script) {
  auto r = SplitScript(d, script);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message());
  std::vector<std::string> out;
  if (r) {
    for (const auto& s : *r) out.push_back(s.text);
  }
  return out;
}

TEST(SplitPostgres, DollarQuotesStringsAndCommentsDoNotSplit) {
  auto parts = Texts(Dialect::kPostgres,
                     "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\n"
                     "-- a comment; with a semicolon\n"
                     "INSERT INTO t VALUES ('a;b');\n"
                     "/* block ; comment */ SELECT 2");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$");
  EXPECT_EQ(parts[1], "INSERT INTO t VALUES ('a;b')");
  EXPECT_EQ(parts[2], "SELECT 2");
}

TEST(SplitPostgres, ReportsLineOfEachStatement) {
  auto r = SplitScript(Dialect::kPostgres, "-- header\n\nSELECT 1;\n\nSELECT\n 2;");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].line, 3);
  EXPECT_EQ((*r)[1].line, 5);
}

TEST(SplitPostgres, CommentsOnlyIsEmpty) {
  EXPECT_TRUE(Texts(Dialect::kPostgres, "-- nothing\n/* here */\n").empty());
}

TEST(SplitPostgres, SyntaxErrorNamesTheLine) {
  auto r = SplitScript(Dialect::kPostgres, "SELECT 1;\nCREAT TABLE x ();");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::kBadInput);
  EXPECT_NE(r.error().message().find("line 2"), std::string::npos) << r.error().message();
}

TEST(SplitSqlite, TriggerBodiesStringsAndCommentsDoNotSplit) {
  auto parts = Texts(Dialect::kSqlite,
                     "CREATE TABLE t (id INTEGER, v TEXT DEFAULT 'x;y');\n"
                     "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
                     "  UPDATE t SET v = 'z;' WHERE id = NEW.id;\n"
                     "  SELECT 1;\n"
                     "END;\n"
                     "-- trailing; comment\n"
                     "INSERT INTO \"we;ird\" VALUES (1)");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "CREATE TABLE t (id INTEGER, v TEXT DEFAULT 'x;y')");
  EXPECT_NE(parts[1].find("END"), std::string::npos);
  EXPECT_EQ(parts[2], "INSERT INTO \"we;ird\" VALUES (1)");
}

TEST(SplitSqlite, CommentsOnlyIsEmpty) {
  EXPECT_TRUE(Texts(Dialect::kSqlite, "-- nothing\n/* here; */\n;\n").empty());
}

}  // namespace
}  // namespace wayback::backend
