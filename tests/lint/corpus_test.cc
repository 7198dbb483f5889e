// Every statement of the PostgreSQL 15 corpus (tests/data/lint/corpus/*.sql:
// DDL and DML of every kind) parses, is modelled without an opaque effect, and
// lints without a "not understood" finding or a crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sql/postgres_model.h"
#include "wayback/lint.h"

namespace wayback {
namespace {

namespace fs = std::filesystem;

fs::path Corpus() { return fs::path(WAYBACK_TEST_DATA) / "lint" / "corpus"; }

TEST(Corpus, EveryStatementIsUnderstood) {
  size_t files = 0, statements = 0;
  for (const auto& entry : fs::directory_iterator(Corpus())) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto model = sql::ModelPostgres(text.str());
    ASSERT_TRUE(model) << entry.path() << ": " << model.error().message();
    ++files;
    for (const auto& s : *model) {
      ++statements;
      ASSERT_FALSE(s.effects.empty()) << entry.path() << ":" << s.line;
      for (const auto& e : s.effects) {
        EXPECT_NE(e.action, sql::Action::kOpaque) << entry.path() << ":" << s.line << " " << e.detail << ": " << s.text;
      }
    }
  }
  EXPECT_GE(files, 3u);
  EXPECT_GE(statements, 180u);
}

TEST(Corpus, LintsWithoutNotUnderstoodFindings) {
  auto report = LintPaths({Corpus()}, LintOptions{});
  ASSERT_TRUE(report) << report.error().message();
  for (const auto& f : report->findings) {
    EXPECT_NE(f.rule, "not-understood") << f.file << ":" << f.line << " " << f.message;
    EXPECT_NE(f.rule, "syntax-error") << f.file << ":" << f.line << " " << f.message;
  }
}

TEST(Model, LocksFollowPostgres15) {
  auto m = sql::ModelPostgres(
      "CREATE INDEX i ON t (a); CREATE INDEX CONCURRENTLY j ON t (a);"
      "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id);"
      "ALTER TABLE t VALIDATE CONSTRAINT f; ALTER TABLE t ADD COLUMN b int; UPDATE t SET a = 1");
  ASSERT_TRUE(m);
  ASSERT_EQ(m->size(), 6u);
  EXPECT_EQ((*m)[0].effects[0].lock, sql::LockLevel::kShare);
  EXPECT_EQ((*m)[1].effects[0].lock, sql::LockLevel::kShareUpdateExclusive);
  EXPECT_FALSE((*m)[1].effects[0].transactional);
  EXPECT_EQ((*m)[2].effects[0].lock, sql::LockLevel::kShareRowExclusive);
  EXPECT_EQ((*m)[3].effects[0].lock, sql::LockLevel::kShareUpdateExclusive);
  EXPECT_EQ((*m)[4].effects[0].lock, sql::LockLevel::kAccessExclusive);
  EXPECT_FALSE((*m)[4].effects[0].rewrites);
  EXPECT_EQ((*m)[5].effects[0].lock, sql::LockLevel::kRowExclusive);
  EXPECT_FALSE((*m)[5].effects[0].has_where);
}

// A default calls a function of the user's schema, even one named like a
// stable catalog function: it is computed per row (a rewrite). SELECT … INTO
// runs a query, which may write (a data-modifying WITH).
TEST(Model, UserFunctionsAreVolatileAndSelectIntoRunsAQuery) {
  auto m = sql::ModelPostgres(
      "ALTER TABLE t ADD COLUMN a timestamptz DEFAULT now();"
      "ALTER TABLE t ADD COLUMN b timestamptz DEFAULT audit.now();"
      "ALTER TABLE t ADD COLUMN c timestamptz DEFAULT pg_catalog.now();"
      "WITH moved AS (DELETE FROM t RETURNING *) SELECT * INTO t_archive FROM moved");
  ASSERT_TRUE(m);
  ASSERT_EQ(m->size(), 4u);
  EXPECT_FALSE((*m)[0].effects[0].volatile_default);
  EXPECT_TRUE((*m)[1].effects[0].volatile_default);
  EXPECT_TRUE((*m)[1].effects[0].rewrites);
  EXPECT_FALSE((*m)[2].effects[0].volatile_default);
  EXPECT_EQ((*m)[3].effects[0].action, sql::Action::kCreate);
  EXPECT_TRUE((*m)[3].effects[0].reads_other_tables);
}

TEST(Model, SyntaxErrorNamesTheLine) {
  auto m = sql::ModelPostgres("SELECT 1;\n\nCREATE TABLE (;\n");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind(), ErrorKind::kBadInput);
  EXPECT_NE(m.error().message().find("line 3"), std::string::npos) << m.error().message();
}

}  // namespace
}  // namespace wayback
