// Large UPDATEs on PostgreSQL are journaled packed: one row per statement,
// each column's old and new values as two arrays in the same order
// (docs/journal.md, "Packed statements"). Every reader of the journal must
// see those entries as if they were stored row by row: the undo (set-based
// and through JSON), a dry run, `runs`, prune, and the undo of an undo. The
// same tests run on SQLite, where nothing is packed, as a check of the
// behaviour itself.
#include "journal_fixture.h"

namespace wayback::testing {
namespace {

class PackedJournalTest : public JournalTest {
 protected:
  // Where each statement of `run` keeps its rows, in order: "p" packed, "s"
  // row by row. PostgreSQL only.
  std::string Layouts(const std::string& run) {
    return db_->Scalar("SELECT string_agg(left(shadow, 1), ',' ORDER BY seq) FROM wayback.journal_statements "
                       "WHERE run_id = '" + run + "'");
  }
  // Runs `job`, expects its statements kept as `layouts`, undoes it, and
  // expects `fingerprint` (a query of one value over the table) as before.
  void ExpectUndoneExactly(const std::string& job, const std::string& layouts, const std::string& fingerprint) {
    std::string before = db_->Scalar(fingerprint);
    std::string run = RunJob(job);
    EXPECT_EQ(Layouts(run), layouts);
    CliResult undo = Undo(run);
    EXPECT_EQ(undo.exit_code, 0) << undo.all();
    EXPECT_EQ(db_->Scalar(fingerprint), before);
  }
};

TEST_P(PackedJournalTest, ALargeUpdateIsUndoneExactlyAroundLaterWrites) {
  Model m = CreateCustomers(2500);
  std::string run = RunJob("UPDATE customers SET score = score + 1000, email = NULL WHERE id <= 2000");
  if (pg()) {
    EXPECT_EQ(Layouts(run), "p");
    // An earlier wayback would not see packed rows: the journal says it is newer.
    EXPECT_EQ(db_->Scalar("SELECT value FROM wayback.journal_meta WHERE key = 'format_version'"), "2");
  }
  // Written since: row 5 changed, row 10 deleted (both conflicts), row 2400
  // (not the run's) changed.
  Exec("UPDATE customers SET score = 7 WHERE id = 5");
  Exec("DELETE FROM customers WHERE id = 10");
  Exec("UPDATE customers SET name = 'customer' WHERE id = 2400");

  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 1) << undo.all();
  nlohmann::json report = Json(undo);
  EXPECT_EQ(report["restored"], 1998);
  EXPECT_EQ(report["conflicts_total"], 2);
  Model want = m;
  want[5].score = 7;
  want[5].email = std::nullopt;
  want.erase(10);
  want[2400].name = "customer";
  ExpectRows(want);

  // The undo is a run of its own, journaled the same way: undoing it puts
  // the job's values back on the rows it restored.
  std::string undo_run = report["undo_run"];
  if (pg()) { EXPECT_EQ(Layouts(undo_run), "p"); }
  CliResult again = Undo(undo_run);
  EXPECT_EQ(again.exit_code, 0) << again.all();
  for (auto& [id, c] : want) {
    if (id > 2000 || id == 5) continue;
    c.score += 1000;
    c.email = std::nullopt;
  }
  ExpectRows(want);
}

TEST_P(PackedJournalTest, AnUpdateThatChangesKeysIsPairedByKeyInstead) {
  Model m = CreateCustomers(1500);
  std::string run = RunJob("UPDATE customers SET id = id + 100000, score = -1 WHERE id <= 1200");
  // The key arrays differ position by position: not packed.
  if (pg()) { EXPECT_EQ(Layouts(run), "s"); }
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 0) << undo.all();
  ExpectRows(m);
}

TEST_P(PackedJournalTest, HostileNamesArePackedAndRestored) {
  if (!pg()) return;  // packing is PostgreSQL's; SQLite names are covered elsewhere
  Exec("CREATE TABLE \"Odd \"\"T\"\"\" (\"k ey\" integer PRIMARY KEY, \"v'al\" numeric(8,2), \"t\"\"x\" text)");
  Exec("INSERT INTO \"Odd \"\"T\"\"\" SELECT g, g / 3.0, CASE WHEN g % 5 = 0 THEN NULL ELSE 'é ' || g END "
       "FROM generate_series(1, 1200) g");
  ExpectUndoneExactly("UPDATE \"Odd \"\"T\"\"\" SET \"v'al\" = 0, \"t\"\"x\" = 'job'", "p",
                      "SELECT md5(string_agg(t::text, ',' ORDER BY 1)) FROM \"Odd \"\"T\"\"\" t");
}

TEST_P(PackedJournalTest, ValuesLargerThanTheyAreStoredAreNotPacked) {
  if (!pg()) return;  // packing is PostgreSQL's
  // 3,000 rows of 100 kB of text that compress to almost nothing: 300 MB in
  // arrays, over the limit, though the table stores a few MB. Counted by
  // their uncompressed size, they stay row by row.
  Exec("CREATE TABLE docs (id integer PRIMARY KEY, body text NOT NULL, flag boolean NOT NULL DEFAULT false)");
  Exec("INSERT INTO docs (id, body) SELECT g, repeat('x', 100000) FROM generate_series(1, 3000) g");
  ASSERT_LT(std::stoll(db_->Scalar("SELECT pg_total_relation_size('docs')")), 50'000'000);
  std::string run = RunJob("UPDATE docs SET flag = true");
  EXPECT_EQ(Layouts(run), "s");
  // A table with a column whose size is not known without reading it (jsonb).
  Exec("CREATE TABLE events (id integer PRIMARY KEY, payload jsonb NOT NULL)");
  Exec("INSERT INTO events SELECT g, jsonb_build_object('n', g) FROM generate_series(1, 1500) g");
  std::string events = RunJob("UPDATE events SET payload = payload || '{\"seen\": true}'");
  EXPECT_EQ(Layouts(events), "s");
  CliResult undo = Undo(events);
  EXPECT_EQ(undo.exit_code, 0) << undo.all();
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM events WHERE payload ? 'seen'"), "0");
}

TEST_P(PackedJournalTest, ArrayColumnsAreJournaledRowByRow) {
  if (!pg()) return;  // arrays are PostgreSQL's
  // array_agg cannot pack arrays of different dimensions or NULL arrays.
  Exec("CREATE TABLE posts (id integer PRIMARY KEY, tags int[], note text NOT NULL)");
  Exec("INSERT INTO posts SELECT g, CASE g % 3 WHEN 0 THEN NULL WHEN 1 THEN ARRAY[g] ELSE ARRAY[[g, g], [1, 2]] END, "
       "'n' || g FROM generate_series(1, 1500) g");
  ExpectUndoneExactly("UPDATE posts SET tags = ARRAY[0], note = 'job'", "s",
                      "SELECT md5(string_agg(p::text, ',' ORDER BY id)) FROM posts p");
}

TEST_P(PackedJournalTest, PackedAndRowStatementsOfOneRunCollapse) {
  Model m = CreateCustomers(1500);
  std::string run = RunJob(
      "UPDATE customers SET score = score + 1;"
      "UPDATE customers SET name = 'again-' || id WHERE id <= 10;"
      "DELETE FROM customers WHERE id BETWEEN 11 AND 13;"
      "INSERT INTO customers (id, name, email, score) VALUES (9001, 'new', NULL, 0)");
  if (pg()) { EXPECT_EQ(Layouts(run), "p,s,s,s"); }
  nlohmann::json runs = Json(Wayback({"--json", "runs"}));
  ASSERT_EQ(runs["runs"].size(), 1u);
  EXPECT_EQ(runs["runs"][0]["tables"].begin().value(), 1501) << runs.dump();
  CliResult undo = Undo(run);
  EXPECT_EQ(undo.exit_code, 0) << undo.all();
  ExpectRows(m);
}

TEST_P(PackedJournalTest, ADryRunListsPackedEntriesAndPruneRemovesThem) {
  Model m = CreateCustomers(1200);
  std::string run = RunJob("UPDATE customers SET score = 0");
  Exec("UPDATE customers SET score = 5 WHERE id = 3");
  CliResult dry = Undo(run, {"--dry-run"});
  EXPECT_EQ(dry.exit_code, 1) << dry.all();  // row 3 is a conflict
  nlohmann::json report = Json(dry);
  EXPECT_EQ(report["conflicts_total"], 1);
  // 1,200 rows less the conflict and the 12 whose score was 0 already (id % 97).
  ASSERT_EQ(report["changes"].size(), 1187u);
  EXPECT_EQ(report["unchanged"], 12);
  EXPECT_EQ(report["changes"][0]["action"], "restore");
  EXPECT_EQ(report["changes"][0]["from"]["score"], 0);
  EXPECT_EQ(report["changes"][0]["to"]["score"], report["changes"][0]["key"]["id"].get<int>() % 97);
  EXPECT_EQ(Snapshot().at(1).score, 0);  // a dry run changes nothing

  CliResult prune = Wayback({"--json", "prune", "--retention", "0ms"});
  EXPECT_EQ(prune.exit_code, 0) << prune.all();
  EXPECT_EQ(Json(prune)["entries_removed"], 1200) << prune.all();
  if (pg()) {
    EXPECT_EQ(db_->Scalar("SELECT count(*) FROM wayback.journal_statements"), "0");
    std::string packed = db_->Scalar("SELECT 'wayback.p' || substr(shadow, 2) FROM wayback.journal_shapes "
                                     "WHERE tbl = 'public.customers'");
    EXPECT_EQ(db_->Scalar("SELECT count(*) FROM " + packed), "0");
  }
}

TEST_P(PackedJournalTest, AMigrationsDownRestoresWhatItsLargeUpdateChanged) {
  // A data-transforming migration over enough rows to be packed; its down
  // recombines the parts, losing repeated spaces, and the journal puts the
  // exact values back.
  WriteMigration(migrations_, "0001_people", "CREATE TABLE people (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL);\n",
                 "DROP TABLE people;\n");
  WriteMigration(migrations_, "0002_upper_names",
                 "ALTER TABLE people ADD COLUMN shout TEXT;\n"
                 "UPDATE people SET shout = upper(full_name), full_name = 'x';\n",
                 "UPDATE people SET full_name = lower(shout);\n"
                 "ALTER TABLE people DROP COLUMN shout;\n");
  ASSERT_EQ(Wayback({"up", "--to", "0001"}).exit_code, 0);
  Exec("INSERT INTO people (id, full_name) SELECT g, 'Name  ' || g || '   Of' FROM "
       "(WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 1500) SELECT g FROM n) s");
  CliResult up = Wayback({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.all();
  if (pg()) {
    std::string run = db_->Scalar("SELECT id FROM wayback.runs WHERE kind = 'migration'");
    EXPECT_EQ(Layouts(run), "p");
  }
  Exec("UPDATE people SET shout = 'EDITED' WHERE id = 7");  // a user's edit since: the down's value stays
  CliResult down = Wayback({"down"});
  ASSERT_EQ(down.exit_code, 0) << down.all();
  EXPECT_EQ(db_->Scalar("SELECT full_name FROM people WHERE id = 1200"), "Name  1200   Of");
  EXPECT_EQ(db_->Scalar("SELECT full_name FROM people WHERE id = 7"), "edited");
  EXPECT_EQ(db_->Scalar("SELECT count(*) FROM people WHERE full_name = 'Name  ' || id || '   Of'"), "1499");
}

TEST_P(PackedJournalTest, AJournalFromBeforePackingGetsItsPackedTable) {
  if (!pg()) return;  // packing is PostgreSQL's
  Model m = CreateCustomers(1200);
  std::string first = RunJob("UPDATE customers SET score = 1 WHERE id <= 10");  // registers the shadow
  ASSERT_EQ(Layouts(first), "s");
  // As a journal made before packing existed: no packed table, format 1.
  std::string packed = db_->Scalar("SELECT 'wayback.p' || substr(shadow, 2) FROM wayback.journal_shapes "
                                   "WHERE tbl = 'public.customers'");
  Exec("DROP TABLE " + packed);
  Exec("UPDATE wayback.journal_meta SET value = '1' WHERE key = 'format_version'");
  std::string run = RunJob("UPDATE customers SET score = 2");
  EXPECT_EQ(Layouts(run), "p");
  EXPECT_EQ(db_->Scalar("SELECT value FROM wayback.journal_meta WHERE key = 'format_version'"), "2");
  ASSERT_EQ(Undo(run).exit_code, 0);
  ASSERT_EQ(Undo(first).exit_code, 0);
  ExpectRows(m);
}

WAYBACK_ENGINE_TESTS(PackedJournalTest);

}  // namespace
}  // namespace wayback::testing
