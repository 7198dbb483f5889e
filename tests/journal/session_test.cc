// Runs for writes an application makes (`wayback run --start` / `--finish`,
// and the same through the C++ API): only sessions marked with the run id are
// journaled, and the undo reverses only their writes.
#include "journal_fixture.h"
#include "wayback/journal.h"

namespace wayback::testing {
namespace {

class JournalSessionTest : public JournalTest {};

TEST_P(JournalSessionTest, OnlyTheMarkedSessionIsJournaledAndUndone) {
  Model m = CreateCustomers(50);
  CliResult start = Wayback({"run", "--start", "--label", "app backfill"});
  if (!pg()) {
    EXPECT_EQ(start.exit_code, 2) << start.all();  // SQLite cannot mark another connection
    EXPECT_NE(start.err.find("wayback run FILE"), std::string::npos) << start.err;
    return;
  }
  ASSERT_EQ(start.exit_code, 0) << start.all();
  std::string run = start.out.substr(0, start.out.find('\n'));
  EXPECT_NE(start.err.find("SET wayback.run = '" + run + "'"), std::string::npos) << start.err;

  auto app = db_->Connect();  // the application's session, marked
  ASSERT_TRUE(app->Query("SELECT set_config('wayback.run', $1, false)", {run}));
  ASSERT_TRUE(app->Execute("UPDATE customers SET score = -1 WHERE id <= 10"));
  Exec("UPDATE customers SET name = 'other session' WHERE id = 20");  // not in the run
  m[20].name = "other session";
  ASSERT_TRUE(app->Execute("RESET wayback.run"));

  // The same close through the library API.
  Target target;
  target.name = "test";
  target.url = *ParseDatabaseUrl(db_->url(), dir_.path());
  auto finished = FinishRun(target, run);
  ASSERT_TRUE(finished.has_value()) << finished.error().message();
  ASSERT_EQ(finished->tables.size(), 1u);
  EXPECT_EQ(finished->tables[0].second, 10);

  // A session still marked with a closed run cannot write past the journal.
  ASSERT_TRUE(app->Query("SELECT set_config('wayback.run', $1, false)", {run}));
  auto late = app->Execute("UPDATE customers SET score = -2 WHERE id = 30");
  ASSERT_FALSE(late.has_value());
  EXPECT_NE(late.error().message().find("not an open run"), std::string::npos) << late.error().message();

  CliResult undo = Wayback({"undo", run});
  EXPECT_EQ(undo.exit_code, 0) << undo.all();
  ExpectRows(m);
}

// Row-level capture exists only while a session run needs it: finishing one
// of two overlapping runs keeps it for the other, finishing the last removes it.
TEST_P(JournalSessionTest, CaptureLastsWhileAnySessionRunIsOpen) {
  if (!pg()) return;  // session runs are PostgreSQL's
  Model m = CreateCustomers(30);
  auto capture_triggers = [&] {
    return db_->Scalar("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'customers'::regclass "
                       "AND tgname = 'wayback_capture'");
  };
  std::string first = Wayback({"run", "--start"}).out;
  first = first.substr(0, first.find('\n'));
  std::string second = Wayback({"run", "--start"}).out;
  second = second.substr(0, second.find('\n'));
  EXPECT_EQ(capture_triggers(), "1");
  ASSERT_EQ(Wayback({"run", "--finish", first}).exit_code, 0);
  EXPECT_EQ(capture_triggers(), "1");

  auto app = db_->Connect();
  ASSERT_TRUE(app->Query("SELECT set_config('wayback.run', $1, false)", {second}));
  ASSERT_TRUE(app->Execute("UPDATE customers SET score = -5 WHERE id <= 4"));
  ASSERT_TRUE(app->Execute("RESET wayback.run"));
  ASSERT_EQ(Wayback({"run", "--finish", second}).exit_code, 0);
  EXPECT_EQ(capture_triggers(), "0");

  CliResult undo = Wayback({"undo", second});
  EXPECT_EQ(undo.exit_code, 0) << undo.all();
  ExpectRows(m);
}

// Jobs capture inside their own transaction: afterwards no trigger on the
// table does work per row, so untracked writes pay nothing for the journal.
TEST_P(JournalSessionTest, AJobLeavesNoRowLevelTrigger) {
  if (!pg()) return;  // SQLite's capture is TEMP triggers of the job's own connection
  CreateCustomers(10);
  RunJob("UPDATE customers SET score = 1");
  // tgtype bit 0: FOR EACH ROW.
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'customers'::regclass "
                        "AND tgname LIKE 'wayback%' AND tgtype & 1 = 1"),
            "0");
}

TEST_P(JournalSessionTest, LibraryStartRunReturnsAnOpenRun) {
  CreateCustomers(5);
  Target target;
  target.name = "test";
  target.url = *ParseDatabaseUrl(db_->url(), dir_.path());
  auto run = StartRun(target, {"from the API", {"customers"}});
  if (!pg()) {
    // Another connection cannot be marked on SQLite: the API refuses as the CLI does.
    ASSERT_FALSE(run.has_value());
    EXPECT_EQ(run.error().kind(), ErrorKind::kBadInput);
    return;
  }
  ASSERT_TRUE(run.has_value()) << run.error().message();
  EXPECT_EQ(run->state, "open");
  CliResult undo = Wayback({"undo", run->id});
  EXPECT_EQ(undo.exit_code, 2) << undo.all();
  EXPECT_NE(undo.err.find("still open"), std::string::npos) << undo.err;
  auto runs = ListRuns(target);
  ASSERT_TRUE(runs.has_value());
  EXPECT_EQ(runs->at(0).label, "from the API");
}

WAYBACK_ENGINE_TESTS(JournalSessionTest);

}  // namespace
}  // namespace wayback::testing
