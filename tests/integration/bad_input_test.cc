// Every bad migration set exits 2, names the file, and applies nothing.
#include <fstream>

#include "engine_test_base.h"

namespace wayback::testing {
namespace {

struct BadSet {
  std::string name;
  std::function<void(const fs::path&)> write;
  std::string expected;  // part of the message
};

class BadInputTest : public EngineTest {
 protected:
  void ExpectRejected(const BadSet& bad) {
    WriteMigration(migrations_, "0001_good", "CREATE TABLE good (id INTEGER PRIMARY KEY);", "DROP TABLE good;");
    bad.write(migrations_);
    CliResult up = Wayback({"up"});
    EXPECT_EQ(up.exit_code, 2) << bad.name << ": " << up.all();
    EXPECT_NE(up.err.find(bad.expected), std::string::npos) << bad.name << ": " << up.err;
    EXPECT_FALSE(db_->HasTable("good")) << bad.name;
    EXPECT_FALSE(db_->HasWaybackState()) << bad.name;
  }
};

TEST_P(BadInputTest, DuplicateVersion) {
  ExpectRejected({"duplicate", [](const fs::path& d) {
                    WriteMigration(d, "0001_other", "CREATE TABLE other (id INTEGER);", "DROP TABLE other;");
                  }, "duplicate version"});
}

TEST_P(BadInputTest, DuplicateVersionWithDifferentPadding) {
  ExpectRejected({"padding", [](const fs::path& d) {
                    WriteMigration(d, "1_other", "CREATE TABLE other (id INTEGER);", "DROP TABLE other;");
                  }, "duplicate version"});
}

TEST_P(BadInputTest, DownWithoutUp) {
  ExpectRejected({"down without up", [](const fs::path& d) { std::ofstream(d / "0002_x.down.sql") << "SELECT 1;"; },
                  "0002_x.down.sql: down migration without an up"});
}

TEST_P(BadInputTest, UpWithoutDownNotIrreversible) {
  ExpectRejected({"up without down", [](const fs::path& d) {
                    WriteMigration(d, "0002_x", "CREATE TABLE x (id INTEGER);", "", false);
                  }, "0002_x.up.sql: up migration without a down"});
}

TEST_P(BadInputTest, NameThatDoesNotParse) {
  ExpectRejected({"bad name", [](const fs::path& d) { std::ofstream(d / "add_users.sql") << "SELECT 1;"; },
                  "add_users.sql: file name does not parse"});
}

TEST_P(BadInputTest, InvalidUtf8) {
  ExpectRejected({"utf8", [](const fs::path& d) {
                    WriteMigration(d, "0002_x", "CREATE TABLE x (id INTEGER);\n-- caf\xe9\n", "DROP TABLE x;");
                  }, "0002_x.up.sql:2: invalid UTF-8"});
}

TEST_P(BadInputTest, EmptyUp) {
  ExpectRejected({"empty", [](const fs::path& d) {
                    WriteMigration(d, "0002_x", "-- The way back\n--   writes: nothing\n\n", "SELECT 1;");
                  }, "0002_x.up.sql: the up migration has no SQL statement"});
}

TEST_P(BadInputTest, IrreversibleWithoutReason) {
  ExpectRejected({"irreversible", [](const fs::path& d) {
                    WriteMigration(d, "0002_x", "-- wayback:irreversible\nDROP TABLE good;", "", false);
                  }, "0002_x.up.sql:1: -- wayback:irreversible needs a reason"});
}

TEST_P(BadInputTest, UnknownDirective) {
  ExpectRejected({"directive", [](const fs::path& d) {
                    WriteMigration(d, "0002_x", "-- wayback:no-transactoin\nSELECT 1;", "SELECT 1;");
                  }, "unknown directive 'wayback:no-transactoin'"});
}

WAYBACK_ENGINE_TESTS(BadInputTest);

TEST(CliUsage, UnknownCommandAndOptionExitTwo) {
  TempDir dir;
  EXPECT_EQ(RunCli({"frobnicate"}, dir.path()).exit_code, 2);
  EXPECT_EQ(RunCli({"up", "--bogus"}, dir.path()).exit_code, 2);
  EXPECT_EQ(RunCli({"down", "--steps", "x"}, dir.path()).exit_code, 2);
}

TEST(CliUsage, HelpEverywhereExitsZero) {
  TempDir dir;
  for (std::string cmd : {"init", "new", "status", "up", "down", "history"}) {
    CliResult r = RunCli({cmd, "--help"}, dir.path());
    EXPECT_EQ(r.exit_code, 0) << cmd;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << cmd << r.all();
  }
}

TEST(CliUsage, NoDatabaseIsBadInputWithHint) {
  TempDir dir;
  CliResult r = RunCli({"status"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--database"), std::string::npos) << r.err;
}

TEST(CliUsage, InitTwiceIsRefused) {
  TempDir dir;
  EXPECT_EQ(RunCli({"init"}, dir.path()).exit_code, 0);
  CliResult again = RunCli({"init"}, dir.path());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already exists"), std::string::npos);
}

TEST(CliUsage, NewNumbersAfterHighestAndWritesWayBackBlock) {
  TempDir dir;
  ASSERT_EQ(RunCli({"init"}, dir.path()).exit_code, 0);
  WriteMigration(dir.path() / "migrations", "0007_seven", "SELECT 1;", "SELECT 1;");
  CliResult r = RunCli({"new", "Add email to users!"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.all();
  fs::path up = dir.path() / "migrations" / "0008_add_email_to_users.up.sql";
  ASSERT_TRUE(fs::exists(up));
  ASSERT_TRUE(fs::exists(dir.path() / "migrations" / "0008_add_email_to_users.down.sql"));
  std::ifstream in(up);
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "-- The way back");
}

}  // namespace
}  // namespace wayback::testing
