// A migration that fails leaves schema and state exactly as before, and the
// failure is in the history with the statement that failed.
#include "engine_test_base.h"

namespace wayback::testing {
namespace {

class FailureTest : public EngineTest {};

TEST_P(FailureTest, FailingStatementLeavesSchemaAndStateAsBefore) {
  WriteMigration(migrations_, "0001_create_users", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);",
                 "DROP TABLE users;");
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  std::string schema_before = db_->UserSchema();
  std::string state_before = Wayback({"--json", "status"}).out;

  WriteMigration(migrations_, "0002_broken",
                 "ALTER TABLE users ADD COLUMN email TEXT;\n"
                 "CREATE TABLE audit (id INTEGER PRIMARY KEY);\n"
                 "INSERT INTO no_such_table VALUES (1);\n"
                 "CREATE TABLE never (id INTEGER);",
                 "DROP TABLE audit; ALTER TABLE users DROP COLUMN email;");
  CliResult up = Wayback({"up"});
  EXPECT_EQ(up.exit_code, 4) << up.all();
  EXPECT_NE(up.err.find("0002_broken"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("statement 3 of 4"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("line 3"), std::string::npos) << up.err;

  EXPECT_EQ(db_->UserSchema(), schema_before);
  EXPECT_FALSE(db_->HasTable("audit"));
  EXPECT_FALSE(db_->HasColumn("users", "email"));
  auto status = nlohmann::json::parse(Wayback({"--json", "status"}).out);
  EXPECT_EQ(status["applied"].size(), 1u);
  ASSERT_EQ(status["failed"].size(), 1u);
  EXPECT_EQ(status["failed"][0]["statement_index"], 3);

  auto history = nlohmann::json::parse(Wayback({"--json", "history"}).out);
  const auto& events = history["events"];
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1]["kind"], "fail");
  EXPECT_EQ(events[1]["version"], "0002");
  EXPECT_EQ(events[1]["statement_index"], 3);
  EXPECT_NE(events[1]["error"].get<std::string>().find("no_such_table"), std::string::npos);
}

// A schema-only script goes to PostgreSQL in one round trip (pipelined with
// its state write and COMMIT); a failure must still name the right statement
// and leave nothing behind.
TEST_P(FailureTest, FailingDdlInSchemaOnlyScriptNamesItsStatement) {
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "DROP TABLE t;");
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  std::string schema_before = db_->UserSchema();
  WriteMigration(migrations_, "0002_ddl",
                 "CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
                 "ALTER TABLE t ADD COLUMN v TEXT;\n"
                 "CREATE INDEX t_missing ON t (no_such_column);\n"
                 "CREATE TABLE b (id INTEGER PRIMARY KEY);",
                 "DROP TABLE b; DROP TABLE a;");
  CliResult up = Wayback({"up"});
  EXPECT_EQ(up.exit_code, 4) << up.all();
  EXPECT_NE(up.err.find("statement 3 of 4 at line 3"), std::string::npos) << up.err;
  EXPECT_EQ(db_->UserSchema(), schema_before);
  auto status = nlohmann::json::parse(Wayback({"--json", "status"}).out);
  EXPECT_EQ(status["applied"].size(), 1u);
  ASSERT_EQ(status["failed"].size(), 1u);
  EXPECT_EQ(status["failed"][0]["statement_index"], 3);
  // The connection is usable after the aborted pipeline: fix and apply.
  WriteMigration(migrations_, "0002_ddl",
                 "CREATE TABLE a (id INTEGER PRIMARY KEY);\nALTER TABLE t ADD COLUMN v TEXT;\n"
                 "CREATE INDEX t_v ON t (v);\nCREATE TABLE b (id INTEGER PRIMARY KEY);",
                 "DROP TABLE b; DROP TABLE a; DROP INDEX t_v; ALTER TABLE t DROP COLUMN v;");
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  auto applied = nlohmann::json::parse(Wayback({"--json", "status"}).out);
  ASSERT_EQ(applied["applied"].size(), 2u);
  EXPECT_GE(applied["applied"][1]["duration_ms"].get<int64_t>(), 0);
  ASSERT_EQ(Wayback({"down"}).exit_code, 0);
  EXPECT_EQ(db_->UserSchema(), schema_before);
}

TEST_P(FailureTest, FixedMigrationAppliesAfterFailure) {
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO nope VALUES (1);",
                 "DROP TABLE t;");
  EXPECT_EQ(Wayback({"up"}).exit_code, 4);
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "DROP TABLE t;");
  CliResult up = Wayback({"up"});
  EXPECT_EQ(up.exit_code, 0) << up.all();
  EXPECT_TRUE(db_->HasTable("t"));
  auto status = nlohmann::json::parse(Wayback({"--json", "status"}).out);
  EXPECT_EQ(status["failed"].size(), 0u);
}

TEST_P(FailureTest, NoTransactionFailureIsRecordedWithStatementIndex) {
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);", "DROP TABLE t;");
  WriteMigration(migrations_, "0002_indexes",
                 "-- wayback:no-transaction\n"
                 "CREATE INDEX t_v ON t (v);\n"
                 "CREATE INDEX t_missing ON t (missing_column);\n",
                 "-- wayback:no-transaction\nDROP INDEX t_v;");
  CliResult up = Wayback({"up"});
  EXPECT_EQ(up.exit_code, 4) << up.all();
  EXPECT_NE(up.err.find("statement 2 of 2"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("stayed applied"), std::string::npos) << up.err;
  // Statement 1 committed on its own; the migration is not recorded as applied.
  std::string count_index = db_->dialect() == Dialect::kSqlite
                                ? "SELECT count(*) FROM sqlite_master WHERE type='index' AND name='t_v'"
                                : "SELECT count(*) FROM pg_indexes WHERE indexname='t_v'";
  EXPECT_EQ(db_->Scalar(count_index), "1");
  auto status = nlohmann::json::parse(Wayback({"--json", "status"}).out);
  ASSERT_EQ(status["failed"].size(), 1u);
  EXPECT_EQ(status["failed"][0]["statement_index"], 2);
  EXPECT_EQ(status["failed"][0]["no_transaction"], true);
  ASSERT_EQ(status["pending"].size(), 1u);
}

TEST_P(FailureTest, EditedAppliedMigrationIsReportedAndRefused) {
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "DROP TABLE t;");
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id INTEGER PRIMARY KEY, extra TEXT);", "DROP TABLE t;");
  WriteMigration(migrations_, "0002_u", "CREATE TABLE u (id INTEGER PRIMARY KEY);", "DROP TABLE u;");
  auto status = nlohmann::json::parse(Wayback({"--json", "status"}).out);
  ASSERT_EQ(status["edited"].size(), 1u);
  EXPECT_EQ(status["edited"][0]["version"], "0001");
  CliResult up = Wayback({"up"});
  EXPECT_EQ(up.exit_code, 2) << up.all();
  EXPECT_NE(up.err.find("0001_t.up.sql"), std::string::npos);
  EXPECT_FALSE(db_->HasTable("u"));
}

TEST_P(FailureTest, IrreversibleMigrationStopsRollback) {
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id INTEGER PRIMARY KEY, legacy TEXT);", "DROP TABLE t;");
  WriteMigration(migrations_, "0002_drop_legacy",
                 "-- wayback:irreversible legacy data is deleted for good\nALTER TABLE t DROP COLUMN legacy;", "",
                 /*write_down=*/false);
  WriteMigration(migrations_, "0003_u", "CREATE TABLE u (id INTEGER PRIMARY KEY);", "DROP TABLE u;");
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  CliResult down = Wayback({"down", "--to", "0"});
  EXPECT_EQ(down.exit_code, 1) << down.all();
  EXPECT_NE(down.err.find("0002_drop_legacy is irreversible"), std::string::npos) << down.err;
  EXPECT_NE(down.err.find("backup"), std::string::npos) << down.err;
  // Rolled back down to the one-way door and no further.
  EXPECT_FALSE(db_->HasTable("u"));
  EXPECT_TRUE(db_->HasTable("t"));
}

WAYBACK_ENGINE_TESTS(FailureTest);

}  // namespace
}  // namespace wayback::testing
