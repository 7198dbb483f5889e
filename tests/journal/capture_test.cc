// How the rows a run writes reach the journal, and back: a job's statements
// are captured set-based into typed shadow tables on PostgreSQL, what they
// write through triggers row by row, and the undo reads both. Each test names
// a case one of the two paths could get wrong.
#include "journal_fixture.h"

namespace wayback::testing {
namespace {

class JournalCaptureTest : public JournalTest {};

TEST_P(JournalCaptureTest, WritesAJobMakesThroughATriggerAreUndoneToo) {
  Model m = CreateCustomers(40);
  // The trigger logs scores set to 0: the job's writes, not the undo's.
  Exec("CREATE TABLE audit (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL, note TEXT NOT NULL)");
  Exec("INSERT INTO audit VALUES (1, 1, 'kept')");
  if (pg()) {
    Exec("CREATE FUNCTION log_score() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
         "INSERT INTO audit VALUES (NEW.id + 1000, NEW.id, 'score ' || NEW.score); RETURN NULL; END $$");
    Exec("CREATE TRIGGER log_score AFTER UPDATE ON customers FOR EACH ROW WHEN (NEW.score = 0) "
         "EXECUTE FUNCTION log_score()");
  } else {
    Exec("CREATE TRIGGER log_score AFTER UPDATE ON customers WHEN NEW.score = 0 BEGIN "
         "INSERT INTO audit VALUES (NEW.id + 1000, NEW.id, 'score ' || NEW.score); END");
  }
  std::string run = RunJob("UPDATE customers SET score = 0 WHERE id <= 20");
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM audit"), "21");

  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 0) << undo.all();
  ExpectRows(m);
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM audit"), "1");  // the trigger's rows are gone, the old one kept
}

TEST_P(JournalCaptureTest, RowsAreCountedOnceWhenSeveralStatementsWriteThem) {
  CreateCustomers(30);
  std::string run = RunJob("UPDATE customers SET score = 1 WHERE id <= 10; UPDATE customers SET score = 2 WHERE id <= 5");
  nlohmann::json runs = Json(Wayback({"--json", "runs"}));
  ASSERT_EQ(runs["runs"].size(), 1u);
  EXPECT_EQ(runs["runs"][0]["tables"].begin().value(), 10);
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 0) << undo.all();
  for (const auto& [id, c] : Snapshot()) EXPECT_EQ(c.score, id % 97) << "row " << id;
}

TEST_P(JournalCaptureTest, UndoAfterTheColumnsChangedListsEveryRowAsAConflict) {
  CreateCustomers(20);
  std::string run = RunJob("UPDATE customers SET score = -1 WHERE id <= 8");
  Exec("ALTER TABLE customers ADD COLUMN tier INTEGER");
  Model before_undo = Snapshot();
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 1) << undo.all();
  nlohmann::json report = Json(undo);
  EXPECT_EQ(report["conflicts_total"], 8);
  ASSERT_FALSE(report["conflicts"].empty());
  EXPECT_FALSE(report["conflicts"][0]["wrote"].contains("tier")) << report.dump();
  EXPECT_TRUE(report["conflicts"][0]["now"].contains("tier")) << report.dump();
  ExpectRows(before_undo);
}

// PostgreSQL from here on: set-based capture and its shadow tables.

TEST_P(JournalCaptureTest, ColumnsAddedBetweenStatementsOfAJobAreCaptured) {
  if (!pg()) return;  // SQLite's TEMP triggers are made once per job, for the columns it starts with
  CreateCustomers(20);
  std::string run = RunJob("ALTER TABLE customers ADD COLUMN tier INTEGER; UPDATE customers SET tier = id WHERE id <= 10");
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 0) << undo.all();
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM customers WHERE tier IS NOT NULL"), "0");
}

TEST_P(JournalCaptureTest, ColumnsChangedInsideOneStatementAreStillJournaled) {
  if (!pg()) return;  // DO blocks are PostgreSQL's
  Model m = CreateCustomers(20);
  // The first statement sets up set-based capture for the table's columns as
  // they are; the DO block then changes them and writes in one statement.
  std::string run = RunJob(
      "UPDATE customers SET score = -1 WHERE id = 1;\n"
      "DO $$ BEGIN ALTER TABLE customers ADD COLUMN tier INTEGER; UPDATE customers SET tier = 1, score = 0; END $$;");
  ASSERT_FALSE(run.empty());
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 0) << undo.all();
  ExpectRows(m);
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM customers WHERE tier IS NOT NULL"), "0");
}

TEST_P(JournalCaptureTest, KeyChangesAndDomainColumnsRoundTrip) {
  if (!pg()) return;  // domains are PostgreSQL's
  Exec("CREATE DOMAIN code_t AS text NOT NULL CHECK (VALUE <> '')");
  Exec("CREATE TABLE accounts (id integer PRIMARY KEY, code code_t, balance numeric(12,2), "
       "doubled numeric GENERATED ALWAYS AS (balance * 2) STORED)");
  Exec("INSERT INTO accounts (id, code, balance) SELECT g, 'c' || g, g * 1.5 FROM generate_series(1, 30) g");
  std::string original = db_->Scalar("SELECT string_agg(accounts::text, ';' ORDER BY id) FROM accounts");
  // A new key is a delete of the old one and an insert of the new one; a
  // deleted row's after-image is NULL in a column whose domain forbids NULL.
  std::string run = RunJob("UPDATE accounts SET id = id + 100, code = 'moved' WHERE id <= 5;\n"
                           "DELETE FROM accounts WHERE id BETWEEN 10 AND 12;\n"
                           "INSERT INTO accounts (id, code, balance) VALUES (500, 'new', 1);");
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 0) << undo.all();
  nlohmann::json report = Json(undo);
  EXPECT_EQ(report["reinserted"], 8);  // the 5 old keys and the 3 deleted rows
  EXPECT_EQ(report["deleted"], 6);     // the 5 new keys and the inserted row
  EXPECT_EQ(db_->Scalar("SELECT string_agg(accounts::text, ';' ORDER BY id) FROM accounts"), original);
}

TEST_P(JournalCaptureTest, UndoOfAnUndoSeesWhatBeforeTriggersWrote) {
  if (!pg()) return;  // SQLite triggers cannot change the row being written
  CreateCustomers(25);
  Exec("ALTER TABLE customers ADD COLUMN version INTEGER NOT NULL DEFAULT 0");
  Exec("CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.version := OLD.version + 1; "
       "RETURN NEW; END $$");
  Exec("CREATE TRIGGER bump BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION bump()");
  std::string run = RunJob("UPDATE customers SET score = score + 500");
  CliResult undo = Undo(run);
  ASSERT_EQ(undo.exit_code, 0) << undo.all();
  EXPECT_EQ(db_->Scalar("SELECT min(version) FROM customers"), "2");  // the restore bumped it again
  // The undo journaled the rows as its trigger left them, so undoing it finds
  // no conflict and puts the job's scores back.
  CliResult redo = Undo(Json(undo)["undo_run"].get<std::string>());
  EXPECT_EQ(redo.exit_code, 0) << redo.all();
  EXPECT_EQ(Json(redo)["conflicts_total"], 0);
  EXPECT_EQ(db_->Scalar("SELECT min(score) FROM customers"), "501");
}

TEST_P(JournalCaptureTest, WideTablesListEveryColumnOfAConflict) {
  if (!pg()) return;  // the JSON of shadow rows is built per call of jsonb_build_object
  std::string cols;
  for (int i = 1; i <= 70; ++i) cols += ", c" + std::to_string(i) + " integer DEFAULT " + std::to_string(i);
  Exec("CREATE TABLE wide (id integer PRIMARY KEY" + cols + ")");
  Exec("INSERT INTO wide (id) SELECT generate_series(1, 5)");
  std::string run = RunJob("UPDATE wide SET c70 = 0");
  Exec("UPDATE wide SET c1 = -1 WHERE id = 2");
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 1) << undo.all();
  nlohmann::json report = Json(undo);
  ASSERT_EQ(report["conflicts"].size(), 1u);
  EXPECT_EQ(report["conflicts"][0]["wrote"].size(), 71u) << report.dump();
  EXPECT_EQ(report["conflicts"][0]["now"]["c1"], -1);
  EXPECT_EQ(report["restored"], 4);
}

TEST_P(JournalCaptureTest, AJobsCapturedStatementsRunWithTransitionTablesInMemory) {
  if (!pg()) return;  // work_mem is PostgreSQL's
  CreateCustomers(10);
  Exec("CREATE TABLE probe (id integer PRIMARY KEY, setting text NOT NULL)");
  // The transition tables of a captured statement are sized by work_mem: at
  // least 256MB while the run captures; a job's own higher setting is kept.
  RunJob("UPDATE customers SET score = 1; INSERT INTO probe VALUES (1, current_setting('work_mem'))");
  RunJob("SET LOCAL work_mem = '1GB'; UPDATE customers SET score = 2; "
         "INSERT INTO probe VALUES (2, current_setting('work_mem'))");
  EXPECT_EQ(db_->Scalar("SELECT string_agg(setting, ',' ORDER BY id) FROM probe"), "256MB,1GB");
  EXPECT_EQ(db_->Scalar("SHOW work_mem"), "4MB");  // the session's own setting is untouched

  // A DBA can set the floor lower (new sessions see it), or turn it off.
  Exec("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET wayback.capture_work_mem = %L', "
       "current_database(), '16MB'); END $$");
  RunJob("UPDATE customers SET score = 3; INSERT INTO probe VALUES (3, current_setting('work_mem'))");
  Exec("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET wayback.capture_work_mem = %L', "
       "current_database(), '0'); END $$");
  RunJob("UPDATE customers SET score = 4; INSERT INTO probe VALUES (4, current_setting('work_mem'))");
  EXPECT_EQ(db_->Scalar("SELECT string_agg(setting, ',' ORDER BY id) FROM probe WHERE id > 2"), "16MB,4MB");
}

TEST_P(JournalCaptureTest, TextChangedOnlyInCaseIsAConflictUnderANondeterministicCollation) {
  if (!pg()) return;  // collations are PostgreSQL's
  // Equal under the column's collation, different bytes: the row was written
  // since the run, and the undo must not overwrite it.
  Exec("CREATE COLLATION wb_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
  Exec("CREATE TABLE tags (id integer PRIMARY KEY, label text COLLATE wb_ci NOT NULL)");
  Exec("INSERT INTO tags SELECT g, 'tag' || g FROM generate_series(1, 10) g");
  std::string run = RunJob("UPDATE tags SET label = 'new' || id");
  Exec("UPDATE tags SET label = 'NEW3' WHERE id = 3");
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 1) << undo.all();
  nlohmann::json report = Json(undo);
  EXPECT_EQ(report["conflicts_total"], 1);
  EXPECT_EQ(report["restored"], 9);
  EXPECT_EQ(db_->Scalar("SELECT label FROM tags WHERE id = 3"), "NEW3");
  EXPECT_EQ(db_->Scalar("SELECT label FROM tags WHERE id = 4"), "tag4");
}

TEST_P(JournalCaptureTest, AVarcharArrayThatOnlyPrintsTheSameIsAConflict) {
  if (!pg()) return;  // arrays are PostgreSQL's
  // '{a}' sliced from '{a,NULL,b}' keeps a null bitmap: it prints like the
  // run's '{a}' but its bytes differ, so it was written since and must stay.
  Exec("CREATE TABLE posts (id integer PRIMARY KEY, tags varchar(10)[] NOT NULL)");
  Exec("INSERT INTO posts SELECT g, ARRAY['t' || g]::varchar(10)[] FROM generate_series(1, 6) g");
  std::string run = RunJob("UPDATE posts SET tags = ARRAY['a']::varchar(10)[]");
  Exec("UPDATE posts SET tags = (ARRAY['a', NULL, 'b']::varchar(10)[])[1:1] WHERE id = 2");
  ASSERT_EQ(db_->Scalar("SELECT tags::text FROM posts WHERE id = 2"), "{a}");
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 1) << undo.all();
  nlohmann::json report = Json(undo);
  EXPECT_EQ(report["conflicts_total"], 1);
  EXPECT_EQ(report["restored"], 5);
  EXPECT_EQ(db_->Scalar("SELECT tags::text FROM posts WHERE id = 3"), "{t3}");
}

TEST_P(JournalCaptureTest, AUserTypeNamedLikeABuiltInIsComparedByImage) {
  if (!pg()) return;  // types and search paths are PostgreSQL's
  // With public before pg_catalog in the search path, format_type() names a
  // composite type public.uuid just uuid. Its values compare by
  // numeric equality ((1.0) = (1.00)), so the undo must not take it for the
  // built-in uuid: a row rewritten as (1.00) since the run is a conflict.
  Exec("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET search_path = public, pg_catalog', current_database()); "
       "END $$");
  Exec("CREATE TYPE public.uuid AS (v numeric)");
  Exec("CREATE TABLE prices (id pg_catalog.int4 PRIMARY KEY, amount public.uuid NOT NULL)");
  Exec("INSERT INTO prices SELECT g, ROW(g)::public.uuid FROM generate_series(1, 5) g");
  std::string run = RunJob("UPDATE prices SET amount = ROW(1.0)::public.uuid");
  Exec("UPDATE prices SET amount = ROW(1.00)::public.uuid WHERE id = 2");
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 1) << undo.all();
  nlohmann::json report = Json(undo);
  EXPECT_EQ(report["conflicts_total"], 1);
  EXPECT_EQ(report["restored"], 4);
  EXPECT_EQ(db_->Scalar("SELECT (amount).v::text FROM prices WHERE id = 2"), "1.00");
  EXPECT_EQ(db_->Scalar("SELECT (amount).v::text FROM prices WHERE id = 3"), "3");
}

TEST_P(JournalCaptureTest, RowsAJobRewroteUnchangedAreConflictsWhenChangedSince) {
  CreateCustomers(20);
  // Rows 1-5 are rewritten with the values they hold (nothing to restore),
  // rows 6-10 changed; then someone writes row 2 and row 7.
  std::string run = RunJob("UPDATE customers SET score = score WHERE id <= 5; "
                           "UPDATE customers SET score = -1 WHERE id BETWEEN 6 AND 10");
  Exec("UPDATE customers SET score = 500 WHERE id IN (2, 7)");
  Model before_undo = Snapshot();
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 1) << undo.all();
  nlohmann::json report = Json(undo);
  EXPECT_EQ(report["conflicts_total"], 2);
  EXPECT_EQ(report["restored"], 4);
  EXPECT_EQ(db_->Scalar("SELECT score FROM customers WHERE id = 2"), "500");
  EXPECT_EQ(db_->Scalar("SELECT score FROM customers WHERE id = 7"), "500");
  EXPECT_EQ(db_->Scalar("SELECT score FROM customers WHERE id = 8"), "8");
}

TEST_P(JournalCaptureTest, AStatementRewritingRowsUnchangedIsUndoneWithoutConflicts) {
  if (!pg()) return;  // one statement, undone set-based
  Model m = CreateCustomers(20);
  // One statement: half its rows keep their values. The undo writes only the
  // others, so it must check the rest rather than assume a conflict-free run.
  std::string run = RunJob("UPDATE customers SET score = CASE WHEN id % 2 = 0 THEN score ELSE -1 END");
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 0) << undo.all();
  nlohmann::json report = Json(undo);
  EXPECT_EQ(report["restored"], 10);
  EXPECT_EQ(report["conflicts_total"], 0);
  EXPECT_EQ(report["unchanged"], 10);
  ExpectRows(m);
}

WAYBACK_ENGINE_TESTS(JournalCaptureTest);

}  // namespace
}  // namespace wayback::testing
