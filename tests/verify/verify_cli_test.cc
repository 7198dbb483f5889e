// verify as a user meets it: stored verdicts, status, up --require-verified,
// the HTML report, --range, and the snapshot's speed on a large schema.
#include <unistd.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "backend/schema_snapshot.h"
#include "engine_test_base.h"

namespace wayback::testing {
namespace {

class VerifyCli : public EngineTest {
 protected:
  void WriteHonestAndLossy() {
    WriteMigration(migrations_, "0001_items", "CREATE TABLE items (id integer PRIMARY KEY, name text, qty integer);",
                   "DROP TABLE items;");
    WriteMigration(migrations_, "0002_drop_qty", "ALTER TABLE items DROP COLUMN qty;",
                   "ALTER TABLE items ADD COLUMN qty integer;");
  }
  // The seeding notes of one migration's result for the table named `table`.
  static std::vector<nlohmann::json> SeedingOf(const nlohmann::json& result, const std::string& table) {
    std::vector<nlohmann::json> out;
    for (const auto& s : result["seeding"]) {
      if (s["table"].get<std::string>().find(table) != std::string::npos) out.push_back(s);
    }
    return out;
  }
};

TEST_P(VerifyCli, StoresVerdictsThatStatusShows) {
  WriteHonestAndLossy();
  CliResult r = Wayback({"verify"});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.out.find("0001_items"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("lossy"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 verified: 1 reversible, 1 lossy"), std::string::npos) << r.out;
  CliResult s = Wayback({"status"});
  EXPECT_EQ(s.exit_code, 0) << s.all();
  EXPECT_NE(s.out.find("verified reversible"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("verified lossy"), std::string::npos) << s.out;
  CliResult h = Wayback({"history", "--json"});
  EXPECT_NE(h.out.find("\"verify\""), std::string::npos) << h.out;
}

TEST_P(VerifyCli, UpRequireVerifiedRefusesUnprovenAndLossy) {
  WriteHonestAndLossy();
  CliResult refused = Wayback({"up", "--require-verified"});
  EXPECT_EQ(refused.exit_code, 1) << refused.all();
  EXPECT_NE(refused.err.find("not verified"), std::string::npos) << refused.err;
  EXPECT_FALSE(db_->HasTable("items"));
  Wayback({"verify"});
  CliResult lossy = Wayback({"up", "--require-verified"});
  EXPECT_EQ(lossy.exit_code, 1) << lossy.all();
  EXPECT_NE(lossy.err.find("lossy"), std::string::npos) << lossy.err;
  EXPECT_FALSE(db_->HasTable("items"));  // refused before anything was applied
  CliResult accepted = Wayback({"up", "--require-verified", "--accept-loss"});
  EXPECT_EQ(accepted.exit_code, 0) << accepted.all();
  EXPECT_TRUE(db_->HasTable("items"));
}

TEST_P(VerifyCli, EditedDownIsNoLongerVerified) {
  WriteHonestAndLossy();
  Wayback({"verify", "--range", "0001"});
  WriteMigration(migrations_, "0001_items", "CREATE TABLE items (id integer PRIMARY KEY, name text, qty integer);",
                 "DROP TABLE IF EXISTS items;");
  CliResult r = Wayback({"up", "--require-verified", "--to", "0001"});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.err.find("not verified"), std::string::npos) << r.err;
}

TEST_P(VerifyCli, RangeVerifiesOnlyItsMigrationsAndRollsBackAppliedOnes) {
  WriteHonestAndLossy();
  ASSERT_EQ(Wayback({"up"}).exit_code, 0);
  CliResult r = Wayback({"--json", "verify", "--range", "0002.."});
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["results"].size(), 1u) << r.out;
  EXPECT_EQ(doc["results"][0]["verdict"], "lossy");
  EXPECT_TRUE(db_->HasColumn("items", "name"));  // the target keeps its schema
  CliResult bad = Wayback({"verify", "--range", "x..y"});
  EXPECT_EQ(bad.exit_code, 2) << bad.all();
}

TEST_P(VerifyCli, HtmlReportIsOneSelfContainedFile) {
  WriteHonestAndLossy();
  fs::path out = dir_.path() / "report.html";
  CliResult r = Wayback({"verify", "--format", "html", "-o", out.string()});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  std::ifstream in(out);
  std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(html.find("<!doctype html>"), std::string::npos);
  EXPECT_NE(html.find("<td>qty</td>"), std::string::npos) << html;  // the data-loss row
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
}

TEST_P(VerifyCli, SeedingRespectsForeignKeysAndReportsWhatItCouldNotFill) {
  WriteMigration(migrations_, "0001_parents",
                 "CREATE TABLE parents (id integer PRIMARY KEY, code text NOT NULL UNIQUE);\n"
                 "CREATE TABLE children (id integer PRIMARY KEY, parent_id integer NOT NULL REFERENCES parents (id), "
                 "kind text NOT NULL CHECK (kind IN ('x', 'y')));",
                 "DROP TABLE children;\nDROP TABLE parents;");
  WriteMigration(migrations_, "0002_drop_kind", "ALTER TABLE children DROP COLUMN kind;",
                 "ALTER TABLE children ADD COLUMN kind text NOT NULL DEFAULT 'x' CHECK (kind IN ('x', 'y'));");
  CliResult r = Wayback({"--json", "verify", "--seed-rows", "4"});
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["results"].size(), 2u) << r.out;
  bool seeded_children = false;
  for (const auto& s : SeedingOf(doc["results"][1], "children")) seeded_children |= s["inserted"] == 4;
  EXPECT_TRUE(seeded_children) << r.out;
  // The CHECK text changed (SQLite keeps it as written) or not: either way the kind values are gone.
  std::string verdict = doc["results"][1]["verdict"];
  EXPECT_TRUE(verdict == "lossy" || verdict == "broken") << r.out;
}

// A table's synthetic rows go in together; when some of them break a CHECK
// the seeder cannot read, the ones that fit still go in (one by one).
TEST_P(VerifyCli, SeedingKeepsTheRowsThatFit) {
  WriteMigration(migrations_, "0001_evens", "CREATE TABLE evens (n integer NOT NULL CHECK (n % 2 = 0));",
                 "DROP TABLE evens;");
  WriteMigration(migrations_, "0002_note", "ALTER TABLE evens ADD COLUMN note text;",
                 "ALTER TABLE evens DROP COLUMN note;");
  CliResult r = Wayback({"--json", "verify", "--seed-rows", "4"});
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["results"].size(), 2u) << r.out;
  bool partly = false;
  for (const auto& s : SeedingOf(doc["results"][1], "evens")) {
    std::string problem = s["problem"];
    for (char& c : problem) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    partly = s["inserted"] == 2 && problem.find("check") != std::string::npos;
  }
  EXPECT_TRUE(partly) << r.out;
}

// The scratch copy's commits do not wait for the disk: the migrations see
// synchronous_commit off (the up fails otherwise).
TEST_P(VerifyCli, ScratchCommitsDoNotWaitForTheDisk) {
  if (GetParam() != "postgres") GTEST_SKIP() << "a PostgreSQL setting";
  WriteMigration(migrations_, "0001_durability",
                 "CREATE TABLE seen (setting text);\n"
                 "INSERT INTO seen SELECT current_setting('synchronous_commit');\n"
                 "ALTER TABLE seen ADD CONSTRAINT seen_off CHECK (setting = 'off');",
                 "DROP TABLE seen;");
  CliResult r = Wayback({"verify", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["results"].size(), 1u) << r.out;
  EXPECT_EQ(doc["results"][0]["verdict"], "reversible") << r.out;
}

// A script that changes the session's role leaves the scratch session unable
// to read what it changed: verify stops and says why (it used to blame the
// read of the seeded data that went in front of the script).
TEST_P(VerifyCli, AnUpThatChangesTheSessionRoleStopsVerifyWithTheCause) {
  if (GetParam() != "postgres") GTEST_SKIP() << "a PostgreSQL role";
  const std::string role = "wb_app_" + std::to_string(::getpid());
  auto admin = db_->Connect();
  auto made = admin->Execute("CREATE ROLE " + role);
  ASSERT_TRUE(made.has_value()) << made.error().message();
  WriteMigration(migrations_, "0001_items", "CREATE TABLE items (id integer PRIMARY KEY, name text);",
                 "DROP TABLE items;");
  WriteMigration(migrations_, "0002_role", "CREATE TABLE other (id integer);\nSET ROLE " + role + ";",
                 "DROP TABLE other;");
  admin.reset();  // the copy needs the target to itself
  CliResult r = Wayback({"verify"});
  admin = db_->Connect();
  (void)admin->Execute("DROP ROLE IF EXISTS " + role);
  EXPECT_EQ(r.exit_code, 4) << r.all();
  EXPECT_NE(r.err.find("0002_role"), std::string::npos) << r.all();
  EXPECT_NE(r.err.find("permission denied for schema wayback"), std::string::npos) << r.all();
  EXPECT_EQ(r.err.find("failed to report its data"), std::string::npos) << r.all();
}

WAYBACK_ENGINE_TESTS(VerifyCli);

// A large schema in one read: every table, column, index and view is there.
// (How long it takes is measured by bench/verify, never asserted here.)
TEST(Snapshot, FiveHundredTablesInOneRead) {
  if (!PostgresAvailable()) GTEST_SKIP() << "no PostgreSQL server";
  TempDir dir;
  auto db = MakeDatabase("postgres", dir.path());
  auto conn = db->Connect();
  std::string ddl;
  for (int i = 0; i < 500; ++i) {
    std::string t = "t" + std::to_string(i);
    ddl += "CREATE TABLE " + t + " (id bigint PRIMARY KEY, name text NOT NULL, at timestamptz DEFAULT now(), n int);" +
           "CREATE INDEX " + t + "_name ON " + t + " (name);" + "CREATE VIEW v" + std::to_string(i) +
           " AS SELECT id, name FROM " + t + ";";
  }
  ASSERT_TRUE(conn->Execute(ddl).has_value());
  auto snap = backend::SnapshotSchema(*conn);
  ASSERT_TRUE(snap.has_value()) << snap.error().message();
  size_t tables = 0, columns = 0, indexes = 0, views = 0;
  for (const auto& [key, o] : snap->objects) {
    tables += o->kind == "table";
    columns += o->kind == "column";
    indexes += o->kind == "index";
    views += o->kind == "view";
  }
  EXPECT_EQ(tables, 500u);
  EXPECT_EQ(columns, 500u * 4 + 500u * 2);  // the tables' and the views'
  EXPECT_EQ(indexes, 1000u);                // primary keys and the name indexes
  EXPECT_EQ(views, 500u);
}

// Event triggers need a superuser: a database owner who is not one gets the
// same verdicts, with the snapshot kept current from the catalogs instead.
TEST(VerifyAsOwner, NonSuperuserGetsTheSameVerdicts) {
  if (!PostgresAvailable()) {
    const char* require = std::getenv("WAYBACK_REQUIRE_PG");
    if (require && std::string(require) == "1") FAIL() << "WAYBACK_TEST_PG_URL is not set";
    GTEST_SKIP() << "no PostgreSQL server";
  }
  TempDir dir;
  const std::string suffix = std::to_string(::getpid());
  const std::string role = "wb_owner_" + suffix, db = "wb_owner_db_" + suffix;
  auto scratch = MakeDatabase("postgres", dir.path());
  auto admin = scratch->Connect();
  for (const std::string& sql : {"CREATE ROLE " + role + " LOGIN CREATEDB PASSWORD 'owner-pw'",
                                 "CREATE DATABASE " + db + " OWNER " + role}) {
    auto done = admin->Execute(sql);
    ASSERT_TRUE(done.has_value()) << sql << ": " << done.error().message();
  }
  std::string admin_url = PostgresAdminUrl();
  std::string host = admin_url.substr(admin_url.find('@') + 1);
  host = host.substr(0, host.find('/'));
  std::string url = "postgres://" + role + ":owner-pw@" + host + "/" + db;
  fs::path migrations = dir.path() / "migrations";
  fs::create_directories(migrations);
  WriteMigration(migrations, "0001_items", "CREATE TABLE items (id integer PRIMARY KEY, name text);",
                 "DROP TABLE items;");
  WriteMigration(migrations, "0002_index", "CREATE INDEX items_name ON items (name);", "SELECT 1;");
  WriteMigration(migrations, "0003_note", "ALTER TABLE items ADD COLUMN note text;",
                 "ALTER TABLE items DROP COLUMN note;");
  CliResult r = RunCli({"--database", url, "--migrations", migrations.string(), "verify", "--json"}, dir.path());
  (void)admin->Execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
  (void)admin->Execute("DROP ROLE IF EXISTS " + role);
  EXPECT_EQ(r.exit_code, 1) << r.all();
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["results"].size(), 3u) << r.out;
  EXPECT_EQ(doc["results"][0]["verdict"], "reversible") << r.out;
  EXPECT_EQ(doc["results"][1]["verdict"], "broken") << r.out;  // the down forgets the index
  EXPECT_EQ(doc["results"][2]["verdict"], "reversible") << r.out;
}

}  // namespace
}  // namespace wayback::testing
