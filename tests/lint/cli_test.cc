// `wayback lint` end to end: exit codes, formats (SARIF structure and ruleIndex
// consistency here; the official schema in sarif_schema_check.py), config and suggest-down.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "harness.h"

namespace wayback {
namespace {

using testing::RunCli;
using testing::TempDir;
using testing::WriteMigration;

const char* kWayBack = "-- The way back\n--   writes: users\n--   reverse: down\n--   window: 1 day\n";

void WriteBad(const std::filesystem::path& dir) {
  WriteMigration(dir, "0001_users", std::string(kWayBack) + "CREATE TABLE users (id bigint, name text);\n",
                 "DROP TABLE users;\n");
  WriteMigration(dir, "0002_drop", std::string(kWayBack) + "ALTER TABLE users DROP COLUMN name;\n",
                 "ALTER TABLE users ADD COLUMN name text;\n");
}

// The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) a producer
// must satisfy: required properties, types and enums of log, run, tool,
// driver, reportingDescriptor, result, message, location and region.
void ExpectValidSarif(const nlohmann::json& log) {
  ASSERT_TRUE(log.is_object());
  EXPECT_EQ(log.at("version"), "2.1.0");
  if (log.contains("$schema")) { EXPECT_TRUE(log["$schema"].is_string()); }
  ASSERT_TRUE(log.at("runs").is_array());
  for (const auto& run : log["runs"]) {
    const auto& driver = run.at("tool").at("driver");
    ASSERT_TRUE(driver.at("name").is_string());
    std::set<std::string> ids;
    for (const auto& rule : driver.value("rules", nlohmann::json::array())) {
      ASSERT_TRUE(rule.at("id").is_string());
      ids.insert(rule["id"]);
      if (rule.contains("shortDescription")) { EXPECT_TRUE(rule["shortDescription"].at("text").is_string()); }
      if (rule.contains("defaultConfiguration")) {
        std::string level = rule["defaultConfiguration"].at("level");
        EXPECT_TRUE(level == "none" || level == "note" || level == "warning" || level == "error");
      }
    }
    ASSERT_TRUE(run.at("results").is_array());
    for (const auto& r : run["results"]) {
      const auto& message = r.at("message");
      EXPECT_TRUE(message.contains("text") || message.contains("id"));
      std::string level = r.value("level", "warning");
      EXPECT_TRUE(level == "none" || level == "note" || level == "warning" || level == "error");
      EXPECT_TRUE(ids.count(r.at("ruleId").get<std::string>()));
      if (r.contains("ruleIndex")) {
        ASSERT_TRUE(r["ruleIndex"].is_number_integer());
        EXPECT_EQ(driver["rules"][r["ruleIndex"].get<size_t>()]["id"], r["ruleId"]);
      }
      for (const auto& loc : r.at("locations")) {
        const auto& phys = loc.at("physicalLocation");
        EXPECT_TRUE(phys.at("artifactLocation").at("uri").is_string());
        const auto& region = phys.at("region");
        EXPECT_GE(region.at("startLine").get<int>(), 1);
        EXPECT_GE(region.value("startColumn", 1), 1);
      }
    }
  }
}

TEST(LintCli, ErrorFindingsExitOneAndPointAtTheStatement) {
  TempDir dir;
  WriteBad(dir.path() / "migrations");
  auto r = RunCli({"lint", "--no-color", "migrations"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_NE(r.out.find("0002_drop.up.sql:5:1: error[incompatible-change]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  5 | ALTER TABLE users DROP COLUMN name"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("    | ^"), std::string::npos) << r.out;
}

TEST(LintCli, CleanMigrationsExitZero) {
  TempDir dir;
  WriteMigration(dir.path() / "migrations", "0001_users", std::string(kWayBack) + "CREATE TABLE users (id bigint);\n",
                 "DROP TABLE users;\n");
  auto r = RunCli({"lint", "migrations"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.all();
}

TEST(LintCli, SarifValidatesAgainstTheSarif210Structure) {
  TempDir dir;
  WriteBad(dir.path() / "migrations");
  auto r = RunCli({"lint", "--format", "sarif", "migrations"}, dir.path());
  EXPECT_EQ(r.exit_code, 1);
  auto log = nlohmann::json::parse(r.out);
  ExpectValidSarif(log);
  EXPECT_FALSE(log["runs"][0]["results"].empty());
}

TEST(LintCli, GithubFormatWritesWorkflowAnnotations) {
  TempDir dir;
  WriteBad(dir.path() / "migrations");
  auto r = RunCli({"lint", "--format", "github", "migrations"}, dir.path());
  EXPECT_NE(r.out.find("::error file=migrations/0002_drop.up.sql,line=5,col=1,title=wayback incompatible-change::"),
            std::string::npos) << r.out;
}

TEST(LintCli, JsonHasFindingsAndVerdicts) {
  TempDir dir;
  WriteBad(dir.path() / "migrations");
  auto r = RunCli({"lint", "--format", "json", "migrations"}, dir.path());
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["migrations"][1]["verdict"], "incompatible");
  EXPECT_GE(doc["summary"]["errors"].get<int>(), 1);
}

TEST(LintCli, ConfigDisablesRulesAndChecksTimeouts) {
  TempDir dir;
  WriteBad(dir.path() / "migrations");
  std::ofstream(dir.path() / "wayback.toml") << "[policy]\nlock_timeout = \"0\"\n\n[lint]\n"
                                                "disable = [\"incompatible-change\"]\n\n[[target]]\nname = \"main\"\n"
                                                "url = \"sqlite:app.db\"\nmigrations = \"migrations\"\n";
  auto r = RunCli({"lint", "--format", "json"}, dir.path());
  auto doc = nlohmann::json::parse(r.out);
  bool timeouts = false;
  for (const auto& f : doc["findings"]) {
    EXPECT_NE(f["rule"], "incompatible-change");
    timeouts = timeouts || f["rule"] == "timeouts";
  }
  EXPECT_TRUE(timeouts) << r.out;
}

TEST(LintCli, SuggestDownWritesQuotedInverses) {
  TempDir dir;
  WriteMigration(dir.path() / "m", "0001_add",
                 std::string(kWayBack) + "CREATE TABLE \"Users\" (id bigint);\nCREATE INDEX users_id ON \"Users\" (id);\n"
                 "CREATE TABLE t (x int);\nALTER TABLE t ADD COLUMN y int;\nALTER TABLE old RENAME COLUMN a TO b;\n",
                 "", false);
  auto r = RunCli({"lint", "--suggest-down", "m"}, dir.path());
  EXPECT_NE(r.out.find("ALTER TABLE \"old\" RENAME COLUMN \"b\" TO \"a\";\nDROP TABLE \"t\";\nDROP TABLE \"Users\";"),
            std::string::npos) << r.out;
}

TEST(LintCli, MissingPathIsBadInput) {
  TempDir dir;
  auto r = RunCli({"lint", "nowhere"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.all();
}

TEST(LintCli, SqliteDialectComesFromTheTarget) {
  TempDir dir;
  std::ofstream(dir.path() / "wayback.toml") << "[[target]]\nname = \"main\"\nurl = \"sqlite:app.db\"\n";
  WriteMigration(dir.path() / "migrations", "0001_t", std::string(kWayBack) + "CREATE TABLE t (id INTEGER);\n",
                 "DROP TABLE t;\n");
  WriteMigration(dir.path() / "migrations", "0002_t", std::string(kWayBack) + "ALTER TABLE t RENAME COLUMN id TO key;\n",
                 "ALTER TABLE t RENAME COLUMN key TO id;\n");
  auto r = RunCli({"lint", "--format", "json"}, dir.path());
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["migrations"][1]["verdict"], "incompatible") << r.out;
}

}  // namespace
}  // namespace wayback
