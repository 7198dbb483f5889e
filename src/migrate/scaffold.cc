#include "wayback/scaffold.h"

#include <ctime>

#include <fmt/format.h>

#include "util/files.h"
#include "util/strings.h"

namespace wayback {
namespace {

namespace fs = std::filesystem;

constexpr const char* kConfig = R"(# wayback.toml — see docs/configuration.md

[policy]
lock_timeout = "5s"        # every migration gives up waiting for a lock after this…
statement_timeout = "30min"
lock_retries = 3           # …and is retried this many times

[[target]]
name = "main"
url = "sqlite:wayback.db"  # or "postgres://user@host/db", "${DATABASE_URL}"
migrations = "migrations"
)";

constexpr const char* kUpTemplate = R"(-- The way back
--   writes:  (which tables and rows does this change write?)
--   reverse: (how is one wrong write reversed? the down file, `wayback undo RUN`, …)
--   window:  (how long do we have to reverse it?)

)";

constexpr const char* kDownTemplate = R"(-- Undo {id}.up.sql exactly: drop what it created, restore what it changed.

)";

std::string Slugify(const std::string& name) {
  std::string slug;
  for (char c : util::ToLower(name)) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (ok) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '_') {
      slug += '_';
    }
  }
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  return slug;
}

}  // namespace

Result<std::vector<fs::path>> InitProject(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Fail(ErrorKind::kBadInput, "cannot create " + dir.string() + ": " + ec.message());
  fs::path config = dir / "wayback.toml";
  WB_TRY(MapError(util::CreateFile(config, kConfig), [](Error e) {
    return e.with_hint("this folder already has a wayback project");
  }));
  fs::path migrations = dir / "migrations";
  fs::create_directories(migrations, ec);
  if (ec) return Fail(ErrorKind::kBadInput, "cannot create " + migrations.string() + ": " + ec.message());
  return std::vector<fs::path>{config, migrations};
}

Result<std::vector<fs::path>> NewMigration(const fs::path& migrations_dir, const std::string& name) {
  std::string slug = Slugify(name);
  if (slug.empty()) {
    return Fail(ErrorKind::kBadInput, "'" + name + "' has no letters or digits to name a migration",
                "e.g. wayback new add_email_to_users");
  }
  std::error_code ec;
  fs::create_directories(migrations_dir, ec);
  if (ec) return Fail(ErrorKind::kBadInput, "cannot create " + migrations_dir.string() + ": " + ec.message());
  std::string highest;
  for (const auto& entry : fs::directory_iterator(migrations_dir, ec)) {
    std::string file = entry.path().filename().string();
    size_t digits = 0;
    while (digits < file.size() && std::isdigit(static_cast<unsigned char>(file[digits]))) ++digits;
    if (digits == 0 || !util::StartsWith(file.substr(digits), "_")) continue;
    std::string v = file.substr(0, digits);
    if (highest.empty() || util::CompareVersions(v, highest) > 0) highest = v;
  }
  std::string version;
  if (highest.size() >= 10) {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    version = fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                          tm.tm_hour, tm.tm_min, tm.tm_sec);
    if (util::CompareVersions(version, highest) <= 0) version = std::to_string(std::stoull(highest) + 1);
  } else {
    unsigned long long next = highest.empty() ? 1 : std::stoull(highest) + 1;
    size_t width = std::max<size_t>(4, highest.size());
    version = fmt::format("{:0{}}", next, width);
  }
  std::string id = version + "_" + slug;
  fs::path up = migrations_dir / (id + ".up.sql");
  fs::path down = migrations_dir / (id + ".down.sql");
  WB_TRY(util::CreateFile(up, kUpTemplate));
  WB_TRY(util::CreateFile(down, fmt::format(kDownTemplate, fmt::arg("id", id))));
  return std::vector<fs::path>{up, down};
}

}  // namespace wayback
