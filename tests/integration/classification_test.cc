// `status` and `up --dry-run` show what each pending migration costs and how
// it is undone, from lint's classification.
#include "engine_test_base.h"

namespace wayback::testing {
namespace {

class ClassificationTest : public EngineTest {
 protected:
  void WriteSet() {
    WriteMigration(migrations_, "0001_users", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, legacy TEXT);",
                   "DROP TABLE users;");
    ASSERT_EQ(Wayback({"up"}).exit_code, 0);
    WriteMigration(migrations_, "0002_add_email", "ALTER TABLE users ADD COLUMN email TEXT;",
                   "ALTER TABLE users DROP COLUMN email;");
    WriteMigration(migrations_, "0003_drop_legacy", "ALTER TABLE users DROP COLUMN legacy;",
                   "ALTER TABLE users ADD COLUMN legacy TEXT;");
  }
};

TEST_P(ClassificationTest, StatusShowsVerdictOfEachPendingMigration) {
  WriteSet();
  CliResult text = Wayback({"status"});
  ASSERT_EQ(text.exit_code, 0) << text.all();
  size_t add = text.out.find("0002_add_email");
  size_t drop = text.out.find("0003_drop_legacy");
  ASSERT_NE(add, std::string::npos);
  ASSERT_NE(drop, std::string::npos);
  std::string add_line = text.out.substr(add, text.out.find('\n', add) - add);
  std::string drop_line = text.out.substr(drop, text.out.find('\n', drop) - drop);
  EXPECT_NE(add_line.find("reversible"), std::string::npos) << add_line;
  EXPECT_NE(drop_line.find("lossy"), std::string::npos) << drop_line;
  EXPECT_NE(drop_line.find("incompatible"), std::string::npos) << drop_line;

  auto doc = nlohmann::json::parse(Wayback({"--json", "status"}).out);
  ASSERT_EQ(doc["pending"].size(), 2u);
  EXPECT_EQ(doc["pending"][0]["classification"]["verdict"], "reversible");
  EXPECT_NE(doc["pending"][1]["classification"]["verdict"], "reversible");
}

TEST_P(ClassificationTest, DryRunShowsClassificationAndChangesNothing) {
  WriteSet();
  CliResult dry = Wayback({"up", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.all();
  size_t drop = dry.out.find("would apply 0003_drop_legacy");
  ASSERT_NE(drop, std::string::npos) << dry.out;
  std::string line = dry.out.substr(drop, dry.out.find('\n', drop) - drop);
  EXPECT_NE(line.find("lossy"), std::string::npos) << line;
  EXPECT_TRUE(db_->HasColumn("users", "legacy"));
  auto doc = nlohmann::json::parse(Wayback({"--json", "up", "--dry-run"}).out);
  ASSERT_EQ(doc["steps"].size(), 2u);
  EXPECT_EQ(doc["steps"][0]["classification"]["verdict"], "reversible");
}

WAYBACK_ENGINE_TESTS(ClassificationTest);

}  // namespace
}  // namespace wayback::testing
