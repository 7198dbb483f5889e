#include <stdlib.h>

#include <fstream>

#include <gtest/gtest.h>

#include "util/redact.h"
#include "wayback/project.h"

namespace wayback {
namespace {

namespace fs = std::filesystem;

class ProjectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "wayback-project-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    unsetenv("WAYBACK_DATABASE_URL");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Config(const std::string& text) { std::ofstream(dir_ / "wayback.toml") << text; }
  Result<Project> Load(ProjectOptions o = {}) {
    o.dir = dir_;
    return LoadProject(o);
  }
  fs::path dir_;
};

TEST_F(ProjectTest, ReadsTargetsPolicyAndInterpolatesEnvironment) {
  setenv("WB_TEST_DB", "app.db", 1);
  Config(
      "[policy]\nlock_timeout = \"2s\"\nstatement_timeout = \"1min\"\nlock_retries = 5\n"
      "[[target]]\nname = \"main\"\nurl = \"sqlite:${WB_TEST_DB}\"\nmigrations = \"db/migrations\"\n");
  auto p = Load();
  ASSERT_TRUE(p.has_value()) << p.error().message();
  ASSERT_EQ(p->targets.size(), 1u);
  const Target& t = p->targets[0];
  EXPECT_EQ(t.name, "main");
  EXPECT_EQ(t.url.dialect, Dialect::kSqlite);
  EXPECT_EQ(t.url.sqlite_path, (dir_ / "app.db").string());
  EXPECT_EQ(t.migrations_dir, dir_ / "db/migrations");
  EXPECT_EQ(t.policy.lock_timeout_ms, 2000);
  EXPECT_EQ(t.policy.statement_timeout_ms, 60000);
  EXPECT_EQ(t.policy.lock_retries, 5);
}

TEST_F(ProjectTest, OptionalTargetWithUnsetVariableIsSkipped) {
  unsetenv("LAKE_DATABASE_URL");
  Config(
      "[[target]]\nname = \"main\"\nurl = \"sqlite:main.db\"\n"
      "[[target]]\nname = \"lake\"\nurl = \"${LAKE_DATABASE_URL}\"\noptional = true\n");
  auto p = Load();
  ASSERT_TRUE(p.has_value()) << p.error().message();
  ASSERT_EQ(p->targets.size(), 1u);
  ASSERT_EQ(p->skipped.size(), 1u);
  EXPECT_EQ(p->skipped[0].name, "lake");
  EXPECT_NE(p->skipped[0].reason.find("LAKE_DATABASE_URL"), std::string::npos);
}

TEST_F(ProjectTest, RequiredTargetWithUnsetVariableIsAnError) {
  unsetenv("MAIN_DB_UNSET");
  Config("[[target]]\nname = \"main\"\nurl = \"${MAIN_DB_UNSET}\"\n");
  auto p = Load();
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().kind(), ErrorKind::kBadInput);
  EXPECT_NE(p.error().message().find("wayback.toml:3"), std::string::npos) << p.error().message();
  EXPECT_NE(p.error().hint().find("optional = true"), std::string::npos);
}

TEST_F(ProjectTest, OverridesTakePrecedence) {
  Config("[[target]]\nname = \"main\"\nurl = \"sqlite:main.db\"\n");
  setenv("WAYBACK_DATABASE_URL", "sqlite:env.db", 1);
  auto from_env = Load();
  ASSERT_TRUE(from_env.has_value());
  EXPECT_EQ(from_env->targets[0].url.sqlite_path, (dir_ / "env.db").string());
  ProjectOptions o;
  o.database = "sqlite:flag.db";
  o.migrations = "/tmp/elsewhere";
  auto from_flag = Load(o);
  ASSERT_TRUE(from_flag.has_value());
  EXPECT_EQ(from_flag->targets[0].url.sqlite_path, (dir_ / "flag.db").string());
  EXPECT_EQ(from_flag->targets[0].migrations_dir, fs::path("/tmp/elsewhere"));
  unsetenv("WAYBACK_DATABASE_URL");
}

TEST_F(ProjectTest, WorksWithoutConfigFromDatabaseFlag) {
  ProjectOptions o;
  o.database = "sqlite:x.db";
  auto p = Load(o);
  ASSERT_TRUE(p.has_value());
  ASSERT_EQ(p->targets.size(), 1u);
  EXPECT_EQ(p->targets[0].name, "default");
  EXPECT_EQ(p->targets[0].migrations_dir, dir_ / "migrations");
}

TEST_F(ProjectTest, SelectsTargetByName) {
  Config("[[target]]\nname = \"a\"\nurl = \"sqlite:a.db\"\n[[target]]\nname = \"b\"\nurl = \"sqlite:b.db\"\n");
  ProjectOptions o;
  o.target = "b";
  auto p = Load(o);
  ASSERT_TRUE(p.has_value());
  ASSERT_EQ(p->targets.size(), 1u);
  EXPECT_EQ(p->targets[0].name, "b");
  o.target = "c";
  EXPECT_FALSE(Load(o).has_value());
}

TEST_F(ProjectTest, MalformedConfigNamesFileAndLine) {
  Config("[policy]\nlock_timeout = \"5 parsecs\"\n");
  auto p = Load();
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(p.error().message().find("wayback.toml:2"), std::string::npos) << p.error().message();
  Config("[[target]\nname=");
  auto broken = Load();
  ASSERT_FALSE(broken.has_value());
  EXPECT_EQ(broken.error().kind(), ErrorKind::kBadInput);
}

TEST(DatabaseUrl, MasksPasswordsInUserinfoAndQuery) {
  auto url = ParseDatabaseUrl("postgres://app:s3cr%40t!@db.example:5432/app?sslmode=require&password=other123",
                              "/");
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->Masked(), "postgres://app:****@db.example:5432/app?sslmode=require&password=****");
  EXPECT_EQ(util::Redact("error for s3cr@t! and s3cr%40t! and other123"), "error for **** and **** and ****");
}

TEST(DatabaseUrl, RejectsUnknownSchemesWithoutEchoingSecrets) {
  auto url = ParseDatabaseUrl("mysql://root:hunter22@localhost/db", "/");
  ASSERT_FALSE(url.has_value());
  EXPECT_EQ(url.error().message().find("hunter22"), std::string::npos);
}

TEST(Duration, ParsesUnits) {
  EXPECT_EQ(*ParseDuration("250ms"), 250);
  EXPECT_EQ(*ParseDuration("5s"), 5000);
  EXPECT_EQ(*ParseDuration("10min"), 600000);
  EXPECT_EQ(*ParseDuration("1h"), 3600000);
  EXPECT_EQ(*ParseDuration("42"), 42);
  EXPECT_FALSE(ParseDuration("soon").has_value());
}

}  // namespace
}  // namespace wayback
