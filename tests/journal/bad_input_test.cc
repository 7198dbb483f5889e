// Undo refuses what it cannot do, clearly, and changes nothing: an unknown
// run, a run already undone, a run whose journal has expired, a table without
// a key.
#include <fstream>

#include "journal_fixture.h"

namespace wayback::testing {
namespace {

class JournalBadInputTest : public JournalTest {};

TEST_P(JournalBadInputTest, UnknownRunIsBadInputAndChangesNothing) {
  Model m = CreateCustomers(20);
  CliResult r = Wayback({"undo", "r20990101-000000-beef"});
  EXPECT_EQ(r.exit_code, 2) << r.all();
  EXPECT_NE(r.err.find("no run 'r20990101-000000-beef'"), std::string::npos) << r.err;
  ExpectRows(m);
  RunJob("UPDATE customers SET score = 0");  // with a journal present too
  r = Wayback({"undo", "nope"});
  EXPECT_EQ(r.exit_code, 2) << r.all();
  EXPECT_NE(r.err.find("wayback runs"), std::string::npos) << r.err;
}

TEST_P(JournalBadInputTest, AJournalNewerThanThisWaybackIsRefusedAndNothingRuns) {
  Model m = CreateCustomers(20);
  std::string run = RunJob("UPDATE customers SET score = score + 1");
  // A later wayback's format (as format 2 is to a build that cannot read
  // packed statements): it is not read, and no job writes past it.
  Exec(std::string("UPDATE ") + (pg() ? "wayback.journal_meta" : "wayback_journal_meta") +
       " SET value = '99' WHERE key = 'format_version'");
  Model after_job = Snapshot();
  for (const auto& args : std::vector<std::vector<std::string>>{{"undo", run}, {"run", "-c", "UPDATE customers SET score = 0"}}) {
    CliResult r = Wayback(args);
    EXPECT_EQ(r.exit_code, 2) << r.all();
    EXPECT_NE(r.err.find("format version 99, newer than this wayback understands"), std::string::npos) << r.err;
  }
  ExpectRows(after_job);
}

TEST_P(JournalBadInputTest, AlreadyUndoneRunIsRefusedAndChangesNothing) {
  Model m = CreateCustomers(20);
  std::string run = RunJob("UPDATE customers SET score = score + 1");
  ASSERT_EQ(Wayback({"undo", run}).exit_code, 0);
  ExpectRows(m);
  Exec("UPDATE customers SET name = 'later' WHERE id = 1");
  m[1].name = "later";
  CliResult again = Wayback({"undo", run});
  EXPECT_EQ(again.exit_code, 2) << again.all();
  EXPECT_NE(again.err.find("already undone"), std::string::npos) << again.err;
  ExpectRows(m);
}

TEST_P(JournalBadInputTest, ExpiredJournalIsRefusedAndChangesNothing) {
  CreateCustomers(20);
  std::string run = RunJob("UPDATE customers SET score = -1");
  Model after = Snapshot();
  CliResult prune = Wayback({"prune", "--retention", "0ms"});
  EXPECT_EQ(prune.exit_code, 0) << prune.all();
  EXPECT_NE(prune.out.find(run), std::string::npos) << prune.all();
  EXPECT_NE(prune.out.find("can no longer be undone"), std::string::npos) << prune.all();
  CliResult undo = Wayback({"undo", run});
  EXPECT_EQ(undo.exit_code, 2) << undo.all();
  EXPECT_NE(undo.err.find("expired"), std::string::npos) << undo.err;
  ExpectRows(after);
  nlohmann::json runs = Json(Wayback({"--json", "runs"}));
  ASSERT_EQ(runs["runs"].size(), 1u);
  EXPECT_EQ(runs["runs"][0]["state"], "expired");
  EXPECT_EQ(runs["runs"][0]["tables"].begin().value(), 20);  // what it wrote outlives the journal
}

TEST_P(JournalBadInputTest, PruneKeepsRunsInsideTheWindow) {
  CreateCustomers(5);
  std::string run = RunJob("UPDATE customers SET score = 1");
  std::ofstream(dir_.path() / "wayback.toml") << "[journal]\nretention = \"7d\"\n";
  CliResult prune = Wayback({"prune"});
  EXPECT_EQ(prune.exit_code, 0) << prune.all();
  EXPECT_NE(prune.out.find("nothing to prune"), std::string::npos) << prune.all();
  EXPECT_EQ(Wayback({"undo", run}).exit_code, 0);
}

TEST_P(JournalBadInputTest, TableWithoutKeyIsRefusedForTracking) {
  Exec("CREATE TABLE events_log (at TEXT, what TEXT)");
  Exec("INSERT INTO events_log VALUES ('now', 'x')");
  CliResult r = Wayback({"run", "-c", "UPDATE events_log SET what = 'y'"});
  EXPECT_EQ(r.exit_code, 4) << r.all();
  EXPECT_NE(r.err.find("neither a primary key nor a unique NOT NULL key"), std::string::npos) << r.err;
  EXPECT_EQ(db_->Scalar("SELECT what FROM events_log"), "x");
  CliResult listed = Wayback({"run", "-c", "UPDATE events_log SET what = 'y'", "--table", "events_log"});
  EXPECT_EQ(listed.exit_code, 2) << listed.all();
  EXPECT_NE(listed.err.find("neither a primary key nor a unique NOT NULL key"), std::string::npos) << listed.err;
}

TEST_P(JournalBadInputTest, FailedJobLeavesNothingAndIsRecordedFailed) {
  Model m = CreateCustomers(10);
  CliResult r = Wayback({"run", "-c", "UPDATE customers SET score = 0; SELECT * FROM no_such_table"});
  EXPECT_EQ(r.exit_code, 4) << r.all();
  ExpectRows(m);
  nlohmann::json runs = Json(Wayback({"--json", "runs"}));
  ASSERT_EQ(runs["runs"].size(), 1u);
  EXPECT_EQ(runs["runs"][0]["state"], "failed");
}

WAYBACK_ENGINE_TESTS(JournalBadInputTest);

}  // namespace
}  // namespace wayback::testing
