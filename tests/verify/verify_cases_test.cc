// The verify cases of tests/data/verify/: each folder holds migrations (with
// postgres/ or sqlite/ subfolders for engine-specific ones) and an `expect`
// file of lines "<both|postgres|sqlite> <version> <verdict>". Every case runs
// the real CLI on a real database; on PostgreSQL each schema verdict is also
// checked against an independent oracle: `pg_dump --schema-only` before the up
// and after the down, replayed on a second database.
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "backend/connection.h"
#include "engine_test_base.h"

namespace wayback::testing {
namespace {

const fs::path kCases = fs::path(WAYBACK_TEST_DATA) / "verify";

struct CaseParam {
  std::string name, engine;
};

std::vector<CaseParam> AllCases() {
  std::vector<CaseParam> out;
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(kCases)) {
    if (e.is_directory()) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& d : dirs) {
    std::ifstream in(d / "expect");
    std::string line, engines;
    bool pg = false, sq = false;
    while (std::getline(in, line)) {
      std::istringstream ls(line);
      ls >> engines;
      pg = pg || engines == "both" || engines == "postgres";
      sq = sq || engines == "both" || engines == "sqlite";
    }
    if (sq) out.push_back({d.filename().string(), "sqlite"});
    if (pg) out.push_back({d.filename().string(), "postgres"});
  }
  return out;
}

std::map<std::string, std::string> Expected(const std::string& name, const std::string& engine) {
  std::map<std::string, std::string> out;
  std::ifstream in(kCases / name / "expect");
  std::string engines, version, verdict;
  while (in >> engines >> version >> verdict) {
    if (engines == "both" || engines == engine) out[version] = verdict;
  }
  return out;
}

fs::path MigrationsOf(const std::string& name, const std::string& engine) {
  fs::path specific = kCases / name / engine;
  return fs::exists(specific) ? specific : kCases / name;
}

std::string PgDump(const std::string& url) {
  std::string cmd = "/usr/lib/postgresql/15/bin/pg_dump --schema-only --exclude-schema=wayback --no-owner '" +
                    url + "' 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  // pg_dump 15.14+ brackets the dump with \restrict <random key> lines.
  std::string kept;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("\\restrict", 0) == 0 || line.rfind("\\unrestrict", 0) == 0) continue;
    kept += line + "\n";
  }
  return kept;
}

Status RunFile(backend::Connection& conn, const fs::path& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  WB_ASSIGN(auto statements, backend::SplitScript(conn.dialect(), ss.str()));
  WB_ASSIGN(auto tx, backend::Transaction::Begin(conn));
  for (const auto& s : statements) WB_TRY(conn.Execute(s.text));
  return tx.Commit();
}

class VerifyCase : public ::testing::TestWithParam<CaseParam> {
 protected:
  void SetUp() override {
    if (GetParam().engine == "postgres" && !PostgresAvailable()) {
      const char* require = std::getenv("WAYBACK_REQUIRE_PG");
      if (require && std::string(require) == "1") FAIL() << "WAYBACK_TEST_PG_URL is not set";
      GTEST_SKIP() << "no PostgreSQL server (run under scripts/with-postgres.sh)";
    }
  }
  TempDir dir_;
};

TEST_P(VerifyCase, VerdictsMatchExpectation) {
  const auto& [name, engine] = GetParam();
  auto db = MakeDatabase(engine, dir_.path());
  fs::path migrations = dir_.path() / "migrations";
  fs::create_directories(migrations);
  for (const auto& e : fs::directory_iterator(MigrationsOf(name, engine))) {
    if (e.is_regular_file() && e.path().extension() == ".sql") fs::copy_file(e.path(), migrations / e.path().filename());
  }
  CliResult r = RunCli({"--database", db->url(), "--migrations", migrations.string(), "--json", "verify"},
                       dir_.path());
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.all();
  auto doc = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> got;
  std::map<std::string, bool> schema_broken;
  bool failing = false;
  for (const auto& v : doc["results"]) {
    got[v["version"]] = v["verdict"];
    std::string verdict = v["verdict"];
    failing = failing || verdict == "broken" || verdict == "lossy" || verdict == "not-reappliable" ||
              verdict == "up-failed";
    for (const auto& f : v["findings"]) {
      std::string message = f["message"];
      if (message.find("leaves a different schema") != std::string::npos) schema_broken[v["version"]] = true;
    }
  }
  for (const auto& [version, verdict] : Expected(name, engine)) {
    EXPECT_EQ(got[version], verdict) << name << " " << version << "\n" << r.out;
  }
  EXPECT_EQ(r.exit_code, failing ? 1 : 0);

  // The target is untouched: verify applied nothing to it.
  std::string user_tables = db->Scalar(
      engine == "sqlite" ? "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'wayback%' AND name NOT LIKE 'sqlite%'"
                         : "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
  EXPECT_EQ(user_tables, "0") << db->Scalar(engine == "sqlite" ? "SELECT group_concat(name) FROM sqlite_master WHERE type='table'" : "SELECT 1");
  if (engine != "postgres") return;

  // No scratch database is left behind.
  auto admin_url = ParseDatabaseUrl(PostgresAdminUrl(), fs::current_path());
  auto admin = backend::Connect(*admin_url);
  ASSERT_TRUE(admin.has_value());
  // Scratch copies are named after their source's oid; other tests may run in parallel.
  std::string source_oid = db->Scalar("SELECT oid FROM pg_database WHERE datname = current_database()");
  auto left = (*admin)->Query("SELECT count(*) FROM pg_database WHERE datname LIKE 'wayback\\_verify\\_' || $1 || '\\_%'",
                              {source_oid});
  ASSERT_TRUE(left.has_value());
  EXPECT_EQ(left->Text(0, 0), "0");

  // The oracle: replay each migration on a fresh database; pg_dump before the
  // up and after the down must be equal exactly when verify found the schema restored.
  auto oracle = MakeDatabase("postgres", dir_.path());
  auto conn = oracle->Connect();
  std::vector<fs::path> ups;
  for (const auto& e : fs::directory_iterator(migrations)) {
    std::string f = e.path().filename().string();
    if (f.size() > 7 && f.substr(f.size() - 7) == ".up.sql") ups.push_back(e.path());
  }
  std::sort(ups.begin(), ups.end());
  for (const auto& up : ups) {
    std::string base = up.filename().string();
    std::string version = base.substr(0, base.find('_'));
    fs::path down = up.parent_path() / (base.substr(0, base.size() - 7) + ".down.sql");
    std::string before = PgDump(oracle->url());
    if (!RunFile(*conn, up)) continue;  // up-failed: nothing to compare
    if (!fs::exists(down) || got[version] == "irreversible") continue;
    if (!RunFile(*conn, down)) continue;  // the down fails: broken for another reason
    std::string after = PgDump(oracle->url());
    EXPECT_EQ(before != after, schema_broken[version])
        << name << " " << version << ": pg_dump says the schema " << (before == after ? "is" : "is not")
        << " restored, verify disagrees\n--- before\n" << before << "\n--- after\n" << after;
    (void)RunFile(*conn, up);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, VerifyCase, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<CaseParam>& info) {
                           return info.param.name + "_" + info.param.engine;
                         });

}  // namespace
}  // namespace wayback::testing
