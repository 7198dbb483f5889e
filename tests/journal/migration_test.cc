// Essay 002's data-transforming migration: full_name split into first_name and
// last_name, full_name dropped. Its down recombines the parts, which alone
// loses one-word names and repeated spaces; with the up's journal the down
// restores every original name exactly, and keeps a user's edit made since.
#include <set>

#include "journal_fixture.h"

namespace wayback::testing {
namespace {

class MigrationJournalTest : public JournalTest {};

const std::vector<std::pair<int, std::string>> kNames = {
    {1, "Ada Lovelace"},        {2, "Plato"},          {3, "Mary  Ann   Evans"}, {4, "Trailing "},
    {5, "Jean-Luc Picard"},     {6, "Ölçer Ünal"},      {7, " Leading"},          {8, "A B C D"},
};

TEST_P(MigrationJournalTest, FullNameSplitRoundTripsExactly) {
  std::string first = pg() ? "split_part(full_name, ' ', 1)"
                           : "CASE WHEN instr(full_name, ' ') > 0 THEN substr(full_name, 1, instr(full_name, ' ') - 1) "
                             "ELSE full_name END";
  std::string rest = pg() ? "trim(substr(full_name, length(split_part(full_name, ' ', 1)) + 2))"
                          : "CASE WHEN instr(full_name, ' ') > 0 THEN trim(substr(full_name, instr(full_name, ' ') + 1)) "
                            "ELSE '' END";
  WriteMigration(migrations_, "0001_people", "CREATE TABLE people (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL);\n",
                 "DROP TABLE people;\n");
  WriteMigration(migrations_, "0002_split_name",
                 "ALTER TABLE people ADD COLUMN first_name TEXT;\n"
                 "ALTER TABLE people ADD COLUMN last_name TEXT;\n"
                 "UPDATE people SET first_name = " + first + ", last_name = " + rest + ";\n"
                 "ALTER TABLE people DROP COLUMN full_name;\n",
                 "ALTER TABLE people ADD COLUMN full_name TEXT;\n"
                 "UPDATE people SET full_name = trim(first_name || ' ' || last_name);\n"
                 "ALTER TABLE people DROP COLUMN first_name;\n"
                 "ALTER TABLE people DROP COLUMN last_name;\n");
  ASSERT_EQ(Wayback({"up", "--to", "0001"}).exit_code, 0);
  for (const auto& [id, name] : kNames) {
    std::string p = pg() ? "$" : "?";
    ASSERT_TRUE(conn_->Query("INSERT INTO people (id, full_name) VALUES (" + p + "1, " + p + "2)",
                             {std::to_string(id), name}));
  }
  CliResult up = Wayback({"up"});
  ASSERT_EQ(up.exit_code, 0) << up.all();
  EXPECT_EQ(db_->Scalar("SELECT last_name FROM people WHERE id = 3"), "Ann   Evans");
  // Written after the up: a user edits one row and adds another.
  Exec("UPDATE people SET first_name = 'Augusta Ada' WHERE id = 1");
  Exec("INSERT INTO people (id, first_name, last_name) VALUES (100, 'New', 'Person')");

  CliResult down = Wayback({"down"});
  ASSERT_EQ(down.exit_code, 0) << down.all();
  for (const auto& [id, name] : kNames) {
    std::string want = id == 1 ? "Augusta Ada Lovelace" : name;  // the user's edit is kept
    EXPECT_EQ(db_->Scalar("SELECT full_name FROM people WHERE id = " + std::to_string(id)), want) << "row " << id;
  }
  EXPECT_EQ(db_->Scalar("SELECT full_name FROM people WHERE id = 100"), "New Person");
  EXPECT_FALSE(db_->HasColumn("people", "first_name"));

  nlohmann::json runs = Json(Wayback({"--json", "runs"}));
  std::set<std::string> labels;
  for (const auto& r : runs["runs"]) labels.insert(r["label"].get<std::string>() + " " + r["state"].get<std::string>());
  EXPECT_TRUE(labels.count("0002_split_name (up) done")) << runs.dump();
  EXPECT_TRUE(labels.count("0002_split_name (down) done")) << runs.dump();
  // A schema-only migration writes no rows and is no run: nothing to undo.
  EXPECT_FALSE(labels.count("0001_people (up) done")) << runs.dump();

  // Up again: the migration applies cleanly over the restored data.
  CliResult again = Wayback({"up"});
  EXPECT_EQ(again.exit_code, 0) << again.all();
  EXPECT_EQ(db_->Scalar("SELECT first_name FROM people WHERE id = 2"), "Plato");
}

WAYBACK_ENGINE_TESTS(MigrationJournalTest);

}  // namespace
}  // namespace wayback::testing
