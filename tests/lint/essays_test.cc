// The essays' examples get the essays' verdicts (seeds 001 and 002): the four
// safe changes are reversible; DROP COLUMN is lossy and incompatible; the id
// INT→TEXT change and the rename are incompatible; the full_name split is a
// lossy transform that mixes schema and data changes.
#include <gtest/gtest.h>

#include "harness.h"
#include "wayback/lint.h"

namespace wayback {
namespace {

using testing::TempDir;
using testing::WriteMigration;

const char* kUsers =
    "CREATE TABLE users (\n"
    "    id BIGINT PRIMARY KEY GENERATED ALWAYS AS IDENTITY,\n"
    "    username TEXT UNIQUE NOT NULL,\n"
    "    email TEXT UNIQUE NOT NULL,\n"
    "    full_name TEXT,\n"
    "    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()\n"
    ");\n";
const char* kUsersSqlite =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE NOT NULL, email TEXT UNIQUE NOT NULL,\n"
    "  full_name TEXT, created_at TEXT DEFAULT CURRENT_TIMESTAMP);\n";

// Lints 0001 (users) + 0002 (`up`/`down`) and returns 0002's classification.
MigrationClass Verdict(Dialect dialect, const std::string& up, const std::string& down,
                       std::vector<Finding>* findings = nullptr) {
  TempDir dir;
  WriteMigration(dir.path(), "0001_users", dialect == Dialect::kSqlite ? kUsersSqlite : kUsers, "DROP TABLE users;\n");
  WriteMigration(dir.path(), "0002_change", up, down);
  LintOptions options;
  options.dialect = dialect;
  auto report = LintPaths({dir.path()}, options);
  EXPECT_TRUE(report) << report.error().message();
  if (!report || report->migrations.size() != 2) return {};
  if (findings) *findings = report->findings;
  return report->migrations[1];
}

bool Has(const std::vector<Finding>& fs, const std::string& rule) {
  for (const auto& f : fs) {
    if (f.rule == rule) return true;
  }
  return false;
}

class Essays : public ::testing::TestWithParam<Dialect> {};

TEST_P(Essays, AddingANullableColumnIsReversible) {
  auto m = Verdict(GetParam(), "ALTER TABLE users\nADD COLUMN last_login TIMESTAMP WITH TIME ZONE;\n",
                   "ALTER TABLE users DROP COLUMN last_login;\n");
  EXPECT_EQ(HeadlineClass(m.classes), "reversible");
  EXPECT_FALSE(m.classes & kLockHeavy);
}

TEST_P(Essays, AddingAnIndexIsReversible) {
  auto m = Verdict(GetParam(), "CREATE INDEX users_created_at ON users (created_at);\n", "DROP INDEX users_created_at;\n");
  EXPECT_EQ(HeadlineClass(m.classes), "reversible");
}

TEST_P(Essays, AddingAViewIsReversible) {
  auto m = Verdict(GetParam(), "CREATE VIEW recent_users AS SELECT id, email FROM users;\n", "DROP VIEW recent_users;\n");
  EXPECT_EQ(m.classes, kReversible);
}

TEST_P(Essays, AddingAForeignKeyOnEmptyTablesIsReversible) {
  auto m = Verdict(GetParam(),
                   "CREATE TABLE teams (id BIGINT PRIMARY KEY);\n"
                   "CREATE TABLE members (team_id BIGINT REFERENCES teams (id), user_id BIGINT REFERENCES users (id));\n",
                   "DROP TABLE members;\nDROP TABLE teams;\n");
  EXPECT_EQ(m.classes, kReversible);
}

TEST_P(Essays, DropColumnIsLossyAndIncompatible) {
  std::vector<Finding> f;
  auto m = Verdict(GetParam(), "ALTER TABLE users DROP COLUMN full_name;\n", "ALTER TABLE users ADD COLUMN full_name TEXT;\n", &f);
  EXPECT_TRUE(m.classes & kLossy);
  EXPECT_TRUE(m.classes & kIncompatible);
  EXPECT_TRUE(Has(f, "incompatible-change"));
}

TEST_P(Essays, RenameOfAColumnInUseIsIncompatible) {
  std::vector<Finding> f;
  auto m = Verdict(GetParam(), "ALTER TABLE users RENAME COLUMN email TO email_address;\n",
                   "ALTER TABLE users RENAME COLUMN email_address TO email;\n", &f);
  EXPECT_EQ(HeadlineClass(m.classes), "incompatible");
  EXPECT_TRUE(Has(f, "incompatible-change"));
  EXPECT_FALSE(Has(f, "down-does-not-undo"));
}

TEST_P(Essays, FullNameSplitIsALossyTransformMixingSchemaAndData) {
  std::vector<Finding> f;
  auto m = Verdict(GetParam(),
                   "ALTER TABLE users ADD COLUMN first_name TEXT;\n"
                   "ALTER TABLE users ADD COLUMN last_name TEXT;\n"
                   "UPDATE users SET first_name = substr(full_name, 1, instr(full_name, ' ') - 1),\n"
                   "                 last_name = substr(full_name, instr(full_name, ' ') + 1);\n"
                   "ALTER TABLE users DROP COLUMN full_name;\n",
                   "ALTER TABLE users ADD COLUMN full_name TEXT;\n"
                   "UPDATE users SET full_name = first_name || ' ' || last_name;\n"
                   "ALTER TABLE users DROP COLUMN last_name;\nALTER TABLE users DROP COLUMN first_name;\n",
                   &f);
  EXPECT_TRUE(m.classes & kLossy);
  EXPECT_TRUE(m.classes & kTransforming);
  EXPECT_TRUE(Has(f, "data-with-ddl"));
}

TEST_P(Essays, UppercasingNamesInPlaceIsLossy) {
  std::vector<Finding> f;
  auto m = Verdict(GetParam(), "UPDATE users SET username = upper(username);\n", "SELECT 1;\n", &f);
  EXPECT_TRUE(m.classes & kLossy);
  EXPECT_TRUE(Has(f, "dml-without-where"));
  EXPECT_TRUE(Has(f, "placeholder-down"));
}

INSTANTIATE_TEST_SUITE_P(Dialects, Essays, ::testing::Values(Dialect::kPostgres, Dialect::kSqlite),
                         [](const auto& info) { return std::string(DialectName(info.param)); });

TEST(EssaysPostgres, IdIntToTextIsIncompatibleAndRewrites) {
  std::vector<Finding> f;
  auto m = Verdict(Dialect::kPostgres, "ALTER TABLE users\nALTER COLUMN id TYPE text USING id::text;\n",
                   "ALTER TABLE users\nALTER COLUMN id TYPE bigint USING id::bigint;\n", &f);
  EXPECT_EQ(HeadlineClass(m.classes), "incompatible");
  EXPECT_TRUE(m.classes & kLockHeavy);
  EXPECT_TRUE(Has(f, "incompatible-change"));
  EXPECT_TRUE(Has(f, "lossy-down"));  // the revert may fail on UUIDs written since (essay 001)
}

TEST(EssaysPostgres, UuidSideColumnIsTheCompatibleAlternative) {
  std::vector<Finding> f;
  auto m = Verdict(Dialect::kPostgres, "ALTER TABLE users\nADD COLUMN uuid_id TEXT DEFAULT gen_random_uuid()::text;\n",
                   "ALTER TABLE users DROP COLUMN uuid_id;\n", &f);
  EXPECT_FALSE(m.classes & kIncompatible);
  EXPECT_TRUE(m.classes & kReversible);
}

TEST(EssaysPostgres, DropDatabaseWithForceIsTheForcedSemantics) {
  TempDir dir;
  WriteMigration(dir.path(), "0005_create_lake_db",
                 "-- wayback:no-transaction\nCREATE DATABASE coquina_lake;\n",
                 "-- wayback:no-transaction\nDROP DATABASE coquina_lake WITH (FORCE);\n");
  auto report = LintPaths({dir.path()}, LintOptions{});
  ASSERT_TRUE(report);
  EXPECT_FALSE(Has(report->findings, "drop-database-without-force"));
  EXPECT_FALSE(Has(report->findings, "down-does-not-undo"));
  EXPECT_FALSE(Has(report->findings, "non-transactional-statement"));
}

}  // namespace
}  // namespace wayback
