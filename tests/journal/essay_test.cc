// The story of the issue, end to end on both engines: a job scrambles several
// hundred of some thousands of rows; customers then change some of those rows
// and some others; `undo` restores exactly the scrambled rows untouched since,
// lists the rest as conflicts, and every customer write is intact.
#include <set>

#include "journal_fixture.h"

namespace wayback::testing {
namespace {

class EssayTest : public JournalTest {};

// The job, as SQL and as the same change on the model.
const char* kScramble =
    "UPDATE customers SET name = 'scrambled-' || id, score = score + 1000 WHERE id % 10 = 3;\n"
    "UPDATE customers SET email = NULL WHERE id % 20 = 3;\n"
    "DELETE FROM customers WHERE id % 100 = 7;\n"
    "INSERT INTO customers (id, name, email, score) VALUES (5001, 'new-1', NULL, 1), (5002, 'new-2', NULL, 2),"
    " (5003, 'new-3', NULL, 3), (5004, 'new-4', NULL, 4);";

void ScrambleModel(Model& m) {
  for (auto& [id, c] : m) {
    if (id % 10 == 3) {
      c.name = "scrambled-" + std::to_string(id);
      c.score += 1000;
    }
    if (id % 20 == 3) c.email.reset();
  }
  std::erase_if(m, [](const auto& kv) { return kv.first % 100 == 7; });
  for (int i = 1; i <= 4; ++i) m[5000 + i] = Customer{"new-" + std::to_string(i), std::nullopt, i};
}

TEST_P(EssayTest, UndoRestoresOnlyUntouchedScrambledRowsAndKeepsTheWeekendOfWork) {
  Model original = CreateCustomers(3000);
  std::string run = RunJob(kScramble, "remap candidates");
  ASSERT_FALSE(run.empty());
  Model after_job = original;
  ScrambleModel(after_job);
  ExpectRows(after_job);

  // The customer's weekend: change some scrambled rows and some others, delete
  // a scrambled row, re-use a key the job deleted, edit a row the job inserted,
  // and add new rows.
  Model weekend = after_job;
  std::set<std::string> want_conflicts;
  auto key = [](int64_t id) { return "customers " + std::to_string(id); };
  for (auto& [id, c] : weekend) {
    if (id % 30 == 3) {  // a third of the scrambled rows
      c.name = "fixed-by-customer-" + std::to_string(id);
      want_conflicts.insert(key(id));
    } else if (id % 50 == 5) {  // rows the job never touched
      c.score = 7;
    }
  }
  Exec("UPDATE customers SET name = 'fixed-by-customer-' || id WHERE id % 30 = 3");
  Exec("UPDATE customers SET score = 7 WHERE id % 50 = 5");
  Exec("DELETE FROM customers WHERE id = 13");
  weekend.erase(13);
  want_conflicts.insert(key(13));
  Exec("INSERT INTO customers (id, name, email, score) VALUES (107, 'customer-reused-107', NULL, 0)");
  weekend[107] = Customer{"customer-reused-107", std::nullopt, 0};
  want_conflicts.insert(key(107));
  Exec("UPDATE customers SET name = 'customer-kept-5003' WHERE id = 5003");
  weekend[5003].name = "customer-kept-5003";
  want_conflicts.insert(key(5003));
  Exec("DELETE FROM customers WHERE id = 5004");  // already as before the job: nothing to undo
  weekend.erase(5004);
  for (int i = 6001; i <= 6010; ++i) {
    Exec("INSERT INTO customers (id, name, email, score) VALUES (" + std::to_string(i) + ", 'weekend', NULL, 1)");
    weekend[i] = Customer{"weekend", std::nullopt, 1};
  }

  // A dry run shows the plan and changes nothing.
  CliResult dry = Wayback({"--json", "undo", run, "--dry-run"});
  EXPECT_EQ(dry.exit_code, 1) << dry.all();
  ExpectRows(weekend);

  CliResult undo = Wayback({"--json", "undo", run});
  EXPECT_EQ(undo.exit_code, 1) << undo.all();  // conflicts were found
  nlohmann::json report = Json(undo);
  std::set<std::string> got_conflicts;
  for (const auto& c : report["conflicts"]) {
    got_conflicts.insert(c["table"].get<std::string>().substr(c["table"].get<std::string>().rfind('.') + 1) + " " +
                         c["key"]["id"].dump());
  }
  EXPECT_EQ(got_conflicts, want_conflicts);
  EXPECT_EQ(Json(dry)["conflicts_total"], report["conflicts_total"]);

  // Expected: every row the job wrote and nobody touched since is back as it
  // was; every conflict and every customer write is exactly as the customer left it.
  Model want = weekend;
  for (const auto& [id, c] : original) {
    bool job_touched = id % 10 == 3 || id % 20 == 3 || id % 100 == 7;
    if (job_touched && !want_conflicts.count(key(id))) want[id] = c;
  }
  for (int i = 5001; i <= 5004; ++i) {
    if (!want_conflicts.count(key(i))) want.erase(i);
  }
  ExpectRows(want);
  EXPECT_EQ(report["restored"].get<int64_t>() + report["reinserted"].get<int64_t>() +
                report["deleted"].get<int64_t>(),
            (300 - 100 - 1) + (30 - 1) + 2);  // untouched scrambled rows, re-inserted rows, the job's inserts

  // The run is partly undone; its undo is a run that can itself be undone.
  nlohmann::json runs = Json(Wayback({"--json", "runs"}));
  std::string undo_run = report["undo_run"].get<std::string>();
  std::map<std::string, std::string> states;
  for (const auto& r : runs["runs"]) states[r["id"]] = r["state"];
  EXPECT_EQ(states[run], "partly undone");
  EXPECT_EQ(states[undo_run], "done");

  CliResult redo = Wayback({"undo", undo_run});
  EXPECT_EQ(redo.exit_code, 0) << redo.all();
  Model redone = weekend;  // the job's writes are back where the undo had restored them
  ExpectRows(redone);
}

TEST_P(EssayTest, ForceConflictsRestoresEveryRowTheRunWrote) {
  Model original = CreateCustomers(200);
  std::string run = RunJob(kScramble);
  Exec("UPDATE customers SET name = 'customer' WHERE id = 3");
  CliResult undo = Wayback({"undo", run, "--force-conflicts"});
  EXPECT_EQ(undo.exit_code, 0) << undo.all();
  ExpectRows(original);
  CliResult again = Wayback({"undo", run});
  EXPECT_EQ(again.exit_code, 2) << again.all();
  EXPECT_NE(again.err.find("already undone"), std::string::npos) << again.err;
}

WAYBACK_ENGINE_TESTS(EssayTest);

}  // namespace
}  // namespace wayback::testing
