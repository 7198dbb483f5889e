// Essay 001's outage: the code was reverted but the database stayed ahead.
// wayback must see it, refuse to carry on silently, and roll back from the
// down SQL stored at apply time, although the files are gone.
#include "engine_test_base.h"

namespace wayback::testing {
namespace {

class OutageTest : public EngineTest {
 protected:
  void WriteThree() {
    WriteMigration(migrations_, "0001_create_users", "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT);",
                   "DROP TABLE users;");
    WriteMigration(migrations_, "0002_add_last_login", "ALTER TABLE users ADD COLUMN last_login TEXT;",
                   "ALTER TABLE users DROP COLUMN last_login;");
    WriteMigration(migrations_, "0003_add_index", "CREATE INDEX users_username ON users (username);",
                   "DROP INDEX users_username;");
  }
};

TEST_P(OutageTest, DownRemovesMigrationWhoseFilesAreGoneAndRestoresSchema) {
  WriteMigration(migrations_, "0001_create_users", "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT);",
                 "DROP TABLE users;");
  WriteMigration(migrations_, "0002_add_last_login", "ALTER TABLE users ADD COLUMN last_login TEXT;",
                 "ALTER TABLE users DROP COLUMN last_login;");
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  std::string schema_after_two = db_->UserSchema();

  WriteMigration(migrations_, "0003_add_index", "CREATE INDEX users_username ON users (username);",
                 "DROP INDEX users_username;");
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  ASSERT_NE(db_->UserSchema(), schema_after_two);

  // The code is reverted: the third pair is gone from disk.
  fs::remove(migrations_ / "0003_add_index.up.sql");
  fs::remove(migrations_ / "0003_add_index.down.sql");

  CliResult status = Wayback({"--json", "status"});
  ASSERT_EQ(status.exit_code, 0) << status.all();
  auto doc = nlohmann::json::parse(status.out);
  ASSERT_EQ(doc["ahead"].size(), 1u);
  EXPECT_EQ(doc["ahead"][0]["version"], "0003");
  EXPECT_EQ(doc["ahead"][0]["name"], "add_index");
  EXPECT_EQ(doc["ahead"][0]["down_stored"], true);
  EXPECT_EQ(doc["pending"].size(), 0u);

  CliResult up = Wayback({"up"});
  EXPECT_EQ(up.exit_code, 1) << up.all();
  EXPECT_NE(up.err.find("0003_add_index"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("wayback down --to 0002"), std::string::npos) << up.err;

  CliResult down = Wayback({"down"});
  ASSERT_EQ(down.exit_code, 0) << down.all();
  EXPECT_EQ(db_->UserSchema(), schema_after_two);
  auto after = nlohmann::json::parse(Wayback({"--json", "status"}).out);
  EXPECT_EQ(after["ahead"].size(), 0u);
  EXPECT_EQ(after["applied"].size(), 2u);
}

TEST_P(OutageTest, AllowAheadProceedsWithPendingMigrations) {
  WriteThree();
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  fs::remove(migrations_ / "0003_add_index.up.sql");
  fs::remove(migrations_ / "0003_add_index.down.sql");
  WriteMigration(migrations_, "0004_add_email", "ALTER TABLE users ADD COLUMN email TEXT;",
                 "ALTER TABLE users DROP COLUMN email;");
  EXPECT_EQ(Wayback({"up"}).exit_code, 1);
  EXPECT_FALSE(db_->HasColumn("users", "email"));
  CliResult up = Wayback({"up", "--allow-ahead"});
  EXPECT_EQ(up.exit_code, 0) << up.all();
  EXPECT_TRUE(db_->HasColumn("users", "email"));
}

TEST_P(OutageTest, DownToVersionRollsBackEverythingAboveIt) {
  WriteThree();
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  CliResult down = Wayback({"down", "--to", "1"});
  ASSERT_EQ(down.exit_code, 0) << down.all();
  EXPECT_TRUE(db_->HasTable("users"));
  EXPECT_FALSE(db_->HasColumn("users", "last_login"));
  auto doc = nlohmann::json::parse(Wayback({"--json", "status"}).out);
  EXPECT_EQ(doc["applied"].size(), 1u);
  EXPECT_EQ(doc["pending"].size(), 2u);
}

TEST_P(OutageTest, DownStepsRollsBackThatMany) {
  WriteThree();
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  ASSERT_EQ(Wayback({"down", "--steps", "2"}).exit_code, 0);
  EXPECT_TRUE(db_->HasTable("users"));
  EXPECT_FALSE(db_->HasColumn("users", "last_login"));
  ASSERT_EQ(Wayback({"down", "--steps", "5"}).exit_code, 0);
  EXPECT_FALSE(db_->HasTable("users"));
  CliResult again = Wayback({"down"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("nothing to do"), std::string::npos);
}

TEST_P(OutageTest, DownRunsStoredDownAndSaysWhenFileDiffers) {
  WriteThree();
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  // Someone "fixes" the down on disk after apply; the stored one is what ran with the up.
  WriteMigration(migrations_, "0003_add_index", "CREATE INDEX users_username ON users (username);",
                 "SELECT 1; -- forgot to drop the index");
  CliResult down = Wayback({"down"});
  ASSERT_EQ(down.exit_code, 0) << down.all();
  EXPECT_NE(down.err.find("differs from the down stored"), std::string::npos) << down.err;
  // The stored down dropped the index: the up can be applied again.
  CliResult up = Wayback({"up"});
  EXPECT_EQ(up.exit_code, 0) << up.all();
}

TEST_P(OutageTest, DryRunChangesNothing) {
  WriteThree();
  CliResult dry = Wayback({"up", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.all();
  EXPECT_NE(dry.out.find("CREATE INDEX users_username"), std::string::npos);
  EXPECT_FALSE(db_->HasTable("users"));
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  CliResult down_dry = Wayback({"down", "--dry-run", "--to", "0"});
  ASSERT_EQ(down_dry.exit_code, 0);
  EXPECT_NE(down_dry.out.find("DROP TABLE users"), std::string::npos);
  EXPECT_TRUE(db_->HasTable("users"));
}

TEST_P(OutageTest, UpToStopsAtVersion) {
  WriteThree();
  ASSERT_EQ(Wayback({"up", "--to", "0002"}).exit_code, 0);
  EXPECT_TRUE(db_->HasColumn("users", "last_login"));
  auto doc = nlohmann::json::parse(Wayback({"--json", "status"}).out);
  EXPECT_EQ(doc["applied"].size(), 2u);
  ASSERT_EQ(doc["pending"].size(), 1u);
  EXPECT_EQ(doc["pending"][0]["version"], "0003");
  EXPECT_EQ(Wayback({"up", "--to", "0009"}).exit_code, 2);
}

WAYBACK_ENGINE_TESTS(OutageTest);

}  // namespace
}  // namespace wayback::testing
