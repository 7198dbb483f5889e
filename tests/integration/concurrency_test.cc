// Four deployers run `up` at once on one database with 50 pending migrations:
// PostgreSQL serializes them on the advisory lock, SQLite on BEGIN IMMEDIATE
// with a re-check inside each transaction. Every migration is applied once.
#include <thread>

#include "engine_test_base.h"

namespace wayback::testing {
namespace {

class ConcurrencyTest : public EngineTest {
 protected:
  std::string State(const std::string& table) const {
    return (db_->dialect() == Dialect::kPostgres ? "wayback." : "wayback_") + table;
  }
};

TEST_P(ConcurrencyTest, FourConcurrentDeployersApplyEachMigrationExactlyOnce) {
  for (int i = 1; i <= 50; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "%04d_t%d", i, i);
    WriteMigration(migrations_, id, "CREATE TABLE t" + std::to_string(i) + " (id INTEGER PRIMARY KEY);",
                   "DROP TABLE t" + std::to_string(i) + ";");
  }
  std::vector<std::thread> deployers;
  std::vector<CliResult> results(4);
  for (int d = 0; d < 4; ++d) {
    deployers.emplace_back([&, d] { results[static_cast<size_t>(d)] = Wayback({"up"}); });
  }
  for (auto& t : deployers) t.join();
  for (const auto& r : results) EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM " + State("migrations")), "50");
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM " + State("events") + " WHERE kind = 'apply'"), "50");
  EXPECT_EQ(db_->Scalar("SELECT count(DISTINCT version) FROM " + State("events") + " WHERE kind = 'apply'"), "50");
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM " + State("events") + " WHERE kind = 'fail'"), "0");
  for (int i : {1, 25, 50}) EXPECT_TRUE(db_->HasTable("t" + std::to_string(i))) << i;
}

WAYBACK_ENGINE_TESTS(ConcurrencyTest);

}  // namespace
}  // namespace wayback::testing
