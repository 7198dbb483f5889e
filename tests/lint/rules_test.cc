// Data-driven rule tests: tests/data/lint/<rule>/<case>/ is a migration folder
// whose `expect` file lists the findings of <rule> as "file:line", one a line
// (empty for a good case). A case folder ending in ".sqlite" is linted as SQLite.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "wayback/lint.h"

namespace wayback {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string rule;
  fs::path dir;
};

std::vector<Case> AllCases() {
  std::vector<Case> out;
  for (const auto& rule : fs::directory_iterator(fs::path(WAYBACK_TEST_DATA) / "lint")) {
    if (!rule.is_directory() || rule.path().filename() == "corpus" || rule.path().filename() == "essays") continue;
    for (const auto& c : fs::directory_iterator(rule.path())) {
      if (c.is_directory()) out.push_back({rule.path().filename().string(), c.path()});
    }
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.dir < b.dir; });
  return out;
}

std::multiset<std::string> Expected(const fs::path& dir) {
  std::multiset<std::string> out;
  std::ifstream in(dir / "expect");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.insert(line);
  }
  return out;
}

class RuleCase : public ::testing::TestWithParam<Case> {};

TEST_P(RuleCase, FindsExactlyTheExpectedFindings) {
  const Case& c = GetParam();
  LintOptions options;
  options.dialect = c.dir.filename().string().ends_with(".sqlite") ? Dialect::kSqlite : Dialect::kPostgres;
  auto report = LintPaths({c.dir}, options);
  ASSERT_TRUE(report) << report.error().message();
  std::multiset<std::string> got;
  std::string all;
  for (const auto& f : report->findings) {
    all += f.rule + " " + f.file.filename().string() + ":" + std::to_string(f.line) + " " + f.message + "\n";
    if (f.rule == c.rule) got.insert(f.file.filename().string() + ":" + std::to_string(f.line));
  }
  EXPECT_EQ(got, Expected(c.dir)) << "all findings:\n" << all;
}

INSTANTIATE_TEST_SUITE_P(Data, RuleCase, ::testing::ValuesIn(AllCases()), [](const auto& info) {
  std::string name = info.param.rule + "_" + info.param.dir.filename().string();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
});

TEST(RuleTable, EveryRuleHasBadAndGoodCasesAndADocPage) {
  fs::path data = fs::path(WAYBACK_TEST_DATA) / "lint";
  fs::path docs = fs::path(WAYBACK_TEST_DATA) / ".." / ".." / "docs" / "rules";
  for (const auto& rule : LintRules()) {
    EXPECT_TRUE(fs::exists(docs / (rule.id + ".md"))) << rule.id;
    if (rule.id == "timeouts") continue;  // a config check, tested in cli_test.cc
    bool bad = false, good = false;
    for (const auto& c : fs::directory_iterator(data / rule.id)) {
      std::string n = c.path().filename().string();
      bad = bad || n.starts_with("bad");
      good = good || n.starts_with("good");
    }
    EXPECT_TRUE(bad && good) << rule.id;
  }
}

}  // namespace
}  // namespace wayback
