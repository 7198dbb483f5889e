// PostgreSQL-only behaviour: concurrent deployers, lock timeouts with retries,
// passwords that never reach the output.
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "engine_test_base.h"

namespace wayback::testing {
namespace {

class PostgresTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
  }
  std::string Password() const {
    std::string url = PostgresAdminUrl();
    size_t colon = url.find(':', url.find("://") + 3);
    return url.substr(colon + 1, url.find('@') - colon - 1);
  }
};

TEST_P(PostgresTest, WaitingDeployerSaysItIsWaiting) {
  WriteMigration(migrations_, "0001_slow", "CREATE TABLE slow (id integer); SELECT pg_sleep(2);", "DROP TABLE slow;");
  CliResult first, second;
  std::thread a([&] { first = Wayback({"up"}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  second = Wayback({"up"});
  a.join();
  EXPECT_EQ(first.exit_code, 0) << first.all();
  EXPECT_EQ(second.exit_code, 0) << second.all();
  EXPECT_NE(second.err.find("waiting for the deploy lock held by"), std::string::npos) << second.err;
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM wayback.events WHERE kind = 'apply'"), "1");
}

TEST_P(PostgresTest, LockTimeoutIsRetriedThenReported) {
  fs::path config = dir_.path() / "wayback.toml";
  std::ofstream(config) << "[policy]\nlock_timeout = \"200ms\"\nlock_retries = 2\nlock_retry_delay = \"50ms\"\n";
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id integer);", "DROP TABLE t;");
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  WriteMigration(migrations_, "0002_alter", "ALTER TABLE t ADD COLUMN v text;", "ALTER TABLE t DROP COLUMN v;");
  // A long transaction holds a lock on t that ALTER TABLE must wait for.
  auto blocker = db_->Connect();
  ASSERT_TRUE(blocker->Execute("BEGIN").has_value());
  ASSERT_TRUE(blocker->Execute("LOCK TABLE t IN ACCESS SHARE MODE").has_value());
  CliResult up = Wayback({"up"});
  EXPECT_EQ(up.exit_code, 3) << up.all();
  EXPECT_NE(up.err.find("retry 1 of 2"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("retry 2 of 2"), std::string::npos) << up.err;
  EXPECT_NE(up.err.find("55P03"), std::string::npos) << up.err;
  EXPECT_FALSE(db_->HasColumn("t", "v"));
  ASSERT_TRUE(blocker->Execute("COMMIT").has_value());
  CliResult again = Wayback({"up"});
  EXPECT_EQ(again.exit_code, 0) << again.all();
  EXPECT_TRUE(db_->HasColumn("t", "v"));
}

TEST_P(PostgresTest, StatementTimeoutIsApplied) {
  std::ofstream(dir_.path() / "wayback.toml") << "[policy]\nstatement_timeout = \"300ms\"\n";
  WriteMigration(migrations_, "0001_slow", "SELECT pg_sleep(5);", "SELECT 1;");
  CliResult up = Wayback({"up"});
  EXPECT_EQ(up.exit_code, 4) << up.all();
  EXPECT_NE(up.err.find("57014"), std::string::npos) << up.err;
}

TEST_P(PostgresTest, PasswordNeverAppearsInAnyOutput) {
  std::string password = Password();
  ASSERT_GE(password.size(), 8u);
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id integer PRIMARY KEY);", "DROP TABLE t;");
  WriteMigration(migrations_, "0002_bad", "INSERT INTO missing VALUES (1);", "SELECT 1;");
  std::vector<std::vector<std::string>> commands = {
      {"up", "--dry-run"}, {"up"}, {"status"}, {"--json", "status"}, {"--json", "up"}, {"history"},
      {"--json", "history"}, {"down", "--dry-run"}, {"--json", "down"}, {"down"}};
  for (const auto& cmd : commands) {
    CliResult r = Wayback(cmd);
    EXPECT_EQ(r.all().find(password), std::string::npos) << r.all();
    EXPECT_NE(r.all().size(), 0u);
  }
  // Through the environment and a config file with ${VAR}, too.
  std::ofstream(dir_.path() / "wayback.toml")
      << "[[target]]\nname = \"main\"\nurl = \"${APP_DB}\"\nmigrations = \"migrations\"\n";
  CliResult via_env = RunCli({"--json", "status"}, dir_.path(), {{"APP_DB", db_->url()}});
  EXPECT_EQ(via_env.exit_code, 0) << via_env.all();
  EXPECT_EQ(via_env.all().find(password), std::string::npos) << via_env.all();
  EXPECT_NE(via_env.out.find("****"), std::string::npos) << via_env.out;
}

TEST_P(PostgresTest, WrongPasswordIsDatabaseErrorWithoutThePassword) {
  std::string url = db_->url();
  std::string wrong = "not-the-right-secret-42";
  url.replace(url.find(Password()), Password().size(), wrong);
  CliResult r = RunCli({"--database", url, "--migrations", migrations_.string(), "status"}, dir_.path());
  EXPECT_EQ(r.exit_code, 4) << r.all();
  EXPECT_NE(r.err.find("password authentication failed"), std::string::npos) << r.err;
  EXPECT_EQ(r.all().find(wrong), std::string::npos) << r.all();
  EXPECT_NE(r.err.find("****"), std::string::npos) << r.err;
}

TEST_P(PostgresTest, DollarQuotedBodiesAreOneStatement) {
  WriteMigration(migrations_, "0001_fn",
                 "CREATE TABLE t (id integer PRIMARY KEY, touched text);\n"
                 "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
                 "BEGIN\n  NEW.touched := 'yes; really'; -- a ; in a comment\n  RETURN NEW;\nEND\n$body$;\n"
                 "CREATE TRIGGER t_touch BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();\n"
                 "INSERT INTO t (id) VALUES (1);",
                 "DROP TABLE t; DROP FUNCTION touch();");
  CliResult up = Wayback({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.all();
  EXPECT_EQ(db_->Scalar("SELECT touched FROM t WHERE id = 1"), "yes; really");
}

TEST_P(PostgresTest, ConcurrentIndexNeedsNoTransactionDirective) {
  WriteMigration(migrations_, "0001_t", "CREATE TABLE t (id integer PRIMARY KEY, v text);", "DROP TABLE t;");
  WriteMigration(migrations_, "0002_idx", "CREATE INDEX CONCURRENTLY t_v ON t (v);", "DROP INDEX t_v;");
  CliResult up = Wayback({"up"});
  EXPECT_EQ(up.exit_code, 4) << up.all();
  EXPECT_NE(up.err.find("wayback:no-transaction"), std::string::npos) << up.err;
  WriteMigration(migrations_, "0002_idx", "-- wayback:no-transaction\nCREATE INDEX CONCURRENTLY t_v ON t (v);",
                 "-- wayback:no-transaction\nDROP INDEX CONCURRENTLY t_v;");
  CliResult again = Wayback({"up"});
  EXPECT_EQ(again.exit_code, 0) << again.all();
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 't_v'"), "1");
  CliResult down = Wayback({"down"});
  EXPECT_EQ(down.exit_code, 0) << down.all();
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 't_v'"), "0");
}

INSTANTIATE_TEST_SUITE_P(Postgres, PostgresTest, ::testing::Values(std::string("postgres")),
                         ::wayback::testing::EngineName);

}  // namespace
}  // namespace wayback::testing
