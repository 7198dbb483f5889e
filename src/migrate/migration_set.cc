// Loading a migration folder: names, pairing, ordering and validation.
#include <map>

#include "backend/connection.h"
#include "util/files.h"
#include "util/hash.h"
#include "util/strings.h"
#include "wayback/migration.h"

namespace wayback {
namespace {

namespace fs = std::filesystem;

struct ParsedName {
  std::string version, slug, direction;
};

// "0042_add_email.up.sql" → {"0042", "add_email", "up"}. Slugs are letters,
// digits, '_' and '-'.
std::optional<ParsedName> ParseFileName(const std::string& file) {
  for (std::string dir : {"up", "down"}) {
    std::string suffix = "." + dir + ".sql";
    if (file.size() <= suffix.size() || file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    std::string stem = file.substr(0, file.size() - suffix.size());
    size_t digits = 0;
    while (digits < stem.size() && std::isdigit(static_cast<unsigned char>(stem[digits]))) ++digits;
    if (digits == 0 || digits + 1 >= stem.size() || stem[digits] != '_') return std::nullopt;
    std::string slug = stem.substr(digits + 1);
    for (char c : slug) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return std::nullopt;
    }
    return ParsedName{stem.substr(0, digits), slug, dir};
  }
  return std::nullopt;
}

Result<MigrationFile> ReadMigrationFile(const fs::path& path, Dialect dialect, bool require_statement) {
  MigrationFile f;
  f.path = path;
  WB_ASSIGN(f.text, util::ReadFile(path));
  if (size_t bad = util::FindInvalidUtf8(f.text); bad != std::string::npos) {
    return Fail(ErrorKind::kBadInput,
                path.string() + ":" + std::to_string(util::LineOfOffset(f.text, bad)) +
                    ": invalid UTF-8 at byte " + std::to_string(bad),
                "save the file as UTF-8");
  }
  f.checksum = util::Sha256Hex(f.text);
  WB_ASSIGN(f.directives, ParseDirectives(f.text, path.string()));
  WB_ASSIGN(f.statements, MapError(backend::SplitScript(dialect, f.text), [&](Error e) {
    return e.context(path.string());
  }));
  if (require_statement) {
    if (f.statements.empty()) {
      return Fail(ErrorKind::kBadInput, path.string() + ": the up migration has no SQL statement",
                  "write the change, or delete the pair if it is not needed");
    }
  }
  return f;
}

}  // namespace

Result<std::vector<Migration>> LoadMigrations(const fs::path& dir, Dialect dialect) {
  std::vector<Migration> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  if (!fs::is_directory(dir, ec)) {
    return Fail(ErrorKind::kBadInput, dir.string() + " is not a folder");
  }
  struct Pair {
    std::optional<fs::path> up, down;
    std::string slug;
  };
  std::map<std::string, Pair> by_version;  // keyed by version as written
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".sql") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> numeric_owner;  // normalised version → first file
  for (const auto& path : files) {
    std::string file = path.filename().string();
    auto parsed = ParseFileName(file);
    if (!parsed) {
      return Fail(ErrorKind::kBadInput, path.string() + ": file name does not parse",
                  "name migrations NNNN_slug.up.sql and NNNN_slug.down.sql (slug: letters, digits, _ and -)");
    }
    std::string key = parsed->version;
    // "1_a" and "0001_b" are the same version: compare numerically.
    std::string normal = key.substr(std::min(key.find_first_not_of('0'), key.size()));
    auto owner = numeric_owner.find(normal);
    if (owner != numeric_owner.end() && owner->second != key) {
      return Fail(ErrorKind::kBadInput, path.string() + ": duplicate version " + key + " (also " +
                                            owner->second + ")",
                  "give each migration its own version");
    }
    numeric_owner.emplace(normal, key);
    Pair& pair = by_version[key];
    if (!pair.slug.empty() && pair.slug != parsed->slug) {
      return Fail(ErrorKind::kBadInput,
                  path.string() + ": duplicate version " + key + " (also " + key + "_" + pair.slug + ")",
                  "give each migration its own version");
    }
    pair.slug = parsed->slug;
    (parsed->direction == "up" ? pair.up : pair.down) = path;
  }
  for (auto& [version, pair] : by_version) {
    if (!pair.up) {
      return Fail(ErrorKind::kBadInput, pair.down->string() + ": down migration without an up",
                  "add " + version + "_" + pair.slug + ".up.sql or remove the down file");
    }
    Migration m;
    m.version = version;
    m.name = pair.slug;
    WB_ASSIGN(m.up, ReadMigrationFile(*pair.up, dialect, /*require_statement=*/true));
    m.way_back = ParseWayBackBlock(m.up.text);
    if (pair.down) {
      WB_ASSIGN(MigrationFile down, ReadMigrationFile(*pair.down, dialect, false));
      m.down = std::move(down);
    } else if (!m.up.directives.irreversible) {
      return Fail(ErrorKind::kBadInput, pair.up->string() + ": up migration without a down",
                  "add " + version + "_" + pair.slug +
                      ".down.sql, or declare `-- wayback:irreversible <reason>` in the up");
    }
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) {
    return util::CompareVersions(a.version, b.version) < 0;
  });
  return out;
}

}  // namespace wayback
