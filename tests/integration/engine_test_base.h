// Base for tests that run once per engine: a temp project folder and a fresh
// database. PostgreSQL runs are skipped without a server, and fail instead
// under WAYBACK_REQUIRE_PG=1 so `make test` can never silently skip them.
#pragma once

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "harness.h"

namespace wayback::testing {

class EngineTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && !PostgresAvailable()) {
      const char* require = std::getenv("WAYBACK_REQUIRE_PG");
      if (require && std::string(require) == "1") FAIL() << "WAYBACK_TEST_PG_URL is not set";
      GTEST_SKIP() << "no PostgreSQL server (run under scripts/with-postgres.sh)";
    }
    db_ = MakeDatabase(GetParam(), dir_.path());
    migrations_ = dir_.path() / "migrations";
    fs::create_directories(migrations_);
  }

  // Runs wayback against this test's database and migrations folder.
  CliResult Wayback(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    std::vector<std::string> full{"--database", db_->url(), "--migrations", migrations_.string()};
    full.insert(full.end(), args.begin(), args.end());
    return RunCli(full, dir_.path(), env);
  }

  TempDir dir_;
  fs::path migrations_;
  std::unique_ptr<TestDatabase> db_;
};

inline std::string EngineName(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace wayback::testing

#define WAYBACK_ENGINE_TESTS(suite) \
  INSTANTIATE_TEST_SUITE_P(AllEngines, suite, ::testing::ValuesIn(::wayback::testing::Engines()), \
                           ::wayback::testing::EngineName)
