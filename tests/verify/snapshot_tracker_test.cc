// The incremental PostgreSQL snapshot (SnapshotTracker) against the full one
// as the oracle: for every verify case of tests/data/verify/, each migration's
// up, down and up again is run on a fresh database, and after every step the
// tracker's snapshot must equal a full snapshot taken at that moment — every
// object and every attribute, the seeder's '_' facts included. Both ways of
// learning what changed are checked: the catalogs' row versions, and DDL
// event triggers (with the catalogs asked after a script they may miss).
#include <fstream>
#include <sstream>

#include "backend/schema_snapshot.h"
#include "engine_test_base.h"
#include "verify/round_trip.h"

namespace wayback::testing {
namespace {

const fs::path kCases = fs::path(WAYBACK_TEST_DATA) / "verify";

std::vector<std::string> PostgresCases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(kCases)) {
    if (!e.is_directory()) continue;
    std::ifstream in(e.path() / "expect");
    std::string engines, rest;
    bool pg = false;
    while (in >> engines && std::getline(in, rest)) pg = pg || engines == "both" || engines == "postgres";
    if (pg) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Render(const SchemaSnapshot& s) {
  std::string out;
  for (const auto& [key, o] : s.objects) {
    out += key + "\n";
    for (const auto& [k, v] : o->attrs) out += "  " + k + " = " + v + "\n";
  }
  return out;
}

enum class Source { kCatalogs, kEvents };

class SnapshotTrackerCase : public ::testing::TestWithParam<std::tuple<std::string, Source>> {
 protected:
  void SetUp() override {
    if (!PostgresAvailable()) {
      const char* require = std::getenv("WAYBACK_REQUIRE_PG");
      if (require && std::string(require) == "1") FAIL() << "WAYBACK_TEST_PG_URL is not set";
      GTEST_SKIP() << "no PostgreSQL server (run under scripts/with-postgres.sh)";
    }
  }
  TempDir dir_;
};

TEST_P(SnapshotTrackerCase, IncrementalEqualsFullAfterEveryStep) {
  const auto& [name, source] = GetParam();
  fs::path migrations = fs::exists(kCases / name / "postgres") ? kCases / name / "postgres" : kCases / name;
  std::vector<fs::path> ups;
  for (const auto& e : fs::directory_iterator(migrations)) {
    std::string f = e.path().filename().string();
    if (f.size() > 7 && f.substr(f.size() - 7) == ".up.sql") ups.push_back(e.path());
  }
  std::sort(ups.begin(), ups.end());
  auto db = MakeDatabase("postgres", dir_.path());
  auto conn = db->Connect();
  backend::SnapshotTracker tracker(*conn);
  backend::SnapshotTracker* listening = nullptr;
  if (source == Source::kEvents) {
    auto listens = tracker.ListenForDdl();
    ASSERT_TRUE(listens.has_value()) << listens.error().message();
    ASSERT_TRUE(*listens) << "the test server's role is a superuser: event triggers must install";
    listening = &tracker;
  }
  auto check = [&](const std::string& step) {
    auto incremental = tracker.Take();
    auto full = backend::SnapshotSchema(*conn);
    ASSERT_TRUE(incremental.has_value()) << incremental.error().message();
    ASSERT_TRUE(full.has_value()) << full.error().message();
    EXPECT_EQ(Render(**incremental), Render(*full)) << name << ": after " << step;
  };
  check("nothing");
  check("nothing again");
  for (const auto& up : ups) {
    std::string base = up.filename().string();
    fs::path down = up.parent_path() / (base.substr(0, base.size() - 7) + ".down.sql");
    std::string up_sql = ReadFile(up);
    (void)verify::RunScript(*conn, up_sql, true, "up", nullptr, listening);
    check(base);
    if (fs::exists(down)) {
      (void)verify::RunScript(*conn, ReadFile(down), true, "down", nullptr, listening);
      check(down.filename().string());
    }
    (void)verify::RunScript(*conn, up_sql, true, "up again", nullptr, listening);
    check(base + " again");
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, SnapshotTrackerCase,
                         ::testing::Combine(::testing::ValuesIn(PostgresCases()),
                                            ::testing::Values(Source::kCatalogs, Source::kEvents)),
                         [](const ::testing::TestParamInfo<std::tuple<std::string, Source>>& info) {
                           return std::get<0>(info.param) +
                                  (std::get<1>(info.param) == Source::kEvents ? "_events" : "_catalogs");
                         });

}  // namespace
}  // namespace wayback::testing
