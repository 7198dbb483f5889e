// SQLite-only behaviour: the write lock, append-only events, interrupted scripts.
#include <thread>

#include "engine_test_base.h"

namespace wayback::testing {
namespace {

class SqliteTest : public EngineTest {};

TEST_P(SqliteTest, EventsAreAppendOnly) {
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "DROP TABLE t;");
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  auto conn = db_->Connect();
  EXPECT_FALSE(conn->Execute("DELETE FROM wayback_events").has_value());
  EXPECT_FALSE(conn->Execute("UPDATE wayback_events SET kind = 'x'").has_value());
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteTest, ::testing::Values(std::string("sqlite")),
                         ::wayback::testing::EngineName);

}  // namespace
}  // namespace wayback::testing

namespace wayback::testing {
namespace {

class SqliteLockTest : public EngineTest {};

TEST_P(SqliteLockTest, DeployerWaitingForWriteLockSaysSo) {
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "DROP TABLE t;");
  auto holder = db_->Connect();
  ASSERT_TRUE(holder->Execute("BEGIN IMMEDIATE").has_value());
  CliResult up;
  std::thread deployer([&] { up = Wayback({"up"}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_TRUE(holder->Execute("COMMIT").has_value());
  deployer.join();
  EXPECT_EQ(up.exit_code, 0) << up.all();
  EXPECT_NE(up.err.find("waiting"), std::string::npos) << up.err;
  EXPECT_TRUE(db_->HasTable("t"));
}

TEST_P(SqliteLockTest, KilledNoTransactionMigrationIsReportedAsInterrupted) {
  // A `start` event with no outcome is what a deployer killed mid-way leaves.
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "DROP TABLE t;");
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  WriteMigration(migrations_, "0002_big", "-- wayback:no-transaction\nCREATE INDEX t_id ON t (id);",
                 "DROP INDEX t_id;");
  auto conn = db_->Connect();
  ASSERT_TRUE(conn->Execute("INSERT INTO wayback_events (at, kind, version, name, actor, detail) VALUES "
                            "('2026-01-01T00:00:00Z', 'start', '0002', 'big', 'ci@host', 'up')")
                  .has_value());
  auto status = nlohmann::json::parse(Wayback({"--json", "status"}).out);
  ASSERT_EQ(status["failed"].size(), 1u);
  EXPECT_NE(status["failed"][0]["error"].get<std::string>().find("interrupted"), std::string::npos);
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  status = nlohmann::json::parse(Wayback({"--json", "status"}).out);
  EXPECT_EQ(status["failed"].size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteLockTest, ::testing::Values(std::string("sqlite")),
                         ::wayback::testing::EngineName);

}  // namespace
}  // namespace wayback::testing
