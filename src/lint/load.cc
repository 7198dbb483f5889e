#include "lint/load.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <optional>
#include <thread>

#include "backend/sqlite_effects.h"
#include "sql/postgres_model.h"
#include "util/files.h"
#include "util/strings.h"

namespace wayback::lint {
namespace {

namespace fs = std::filesystem;

struct Name {
  std::string version, slug, direction;  // direction "" for a plain script
};

// "0042_add_email.up.sql" → {"0042", "add_email", "up"}; anything else is plain.
Name ParseName(const std::string& file) {
  for (std::string dir : {"up", "down"}) {
    std::string suffix = "." + dir + ".sql";
    if (file.size() <= suffix.size() || !file.ends_with(suffix)) continue;
    std::string stem = file.substr(0, file.size() - suffix.size());
    size_t digits = 0;
    while (digits < stem.size() && std::isdigit(static_cast<unsigned char>(stem[digits]))) ++digits;
    if (digits == 0 || digits + 1 >= stem.size() || stem[digits] != '_') break;
    return {stem.substr(0, digits), stem.substr(digits + 1), dir};
  }
  return {"", file, ""};
}

ScriptFile ReadScript(const fs::path& path, std::string text) {
  ScriptFile f;
  f.path = path;
  f.text = std::move(text);
  auto d = ParseDirectives(f.text, path.string());
  if (d) {
    f.directives = std::move(*d);
  } else {
    f.directive_error = d.error().message() + (d.error().hint().empty() ? "" : "; " + d.error().hint());
  }
  return f;
}

// Fills file.statements (or parse_error) for `dialect`.
Status Model(ScriptFile& file, Dialect dialect, backend::SqliteReplica* replica) {
  Result<std::vector<sql::Statement>> statements =
      dialect == Dialect::kPostgres ? sql::ModelPostgres(file.text) : replica->Describe(file.text);
  if (statements) {
    file.statements = std::move(*statements);
    return {};
  }
  if (statements.error().kind() != ErrorKind::kBadInput) return Fail(std::move(statements).error());
  file.parse_error = statements.error().message();
  // "syntax error at line N:col: …" → N
  size_t at = file.parse_error.find("line ");
  if (at != std::string::npos) file.error_line = std::max(1, std::atoi(file.parse_error.c_str() + at + 5));
  return {};
}

Status ModelUnit(Unit& u, backend::SqliteReplica* replica) {
  WB_TRY(Model(u.up, u.dialect, replica));
  if (!u.down) return {};
  if (u.dialect == Dialect::kPostgres) return Model(*u.down, u.dialect, nullptr);
  // The down runs against the schema the up leaves; describe it on a copy so
  // the next up still sees the schema after this up.
  WB_ASSIGN(auto copy, replica->Clone());
  return Model(*u.down, u.dialect, copy.get());
}

struct Entry {
  Unit unit;
  bool selected = false;
};

// Models independent PostgreSQL units on up to one thread per core. The
// first error in unit order is returned, as a sequential loop would.
Status ModelInParallel(const std::vector<Unit*>& units) {
  size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
  threads = std::min(threads, std::max<size_t>(1, units.size() / 16));  // small sets: not worth a thread
  std::vector<std::optional<Error>> errors(units.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < units.size();) {
      if (auto done = ModelUnit(*units[i], nullptr); !done) errors[i] = std::move(done).error();
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (auto& e : errors) {
    if (e) return Fail(std::move(*e));
  }
  return {};
}

// Every migration and plain script of `dir`, in version order (plain scripts
// after migrations, by name).
Result<std::vector<Entry>> ReadFolder(const fs::path& dir, Dialect dialect) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".sql") files.push_back(entry.path());
  }
  if (ec) return Fail(ErrorKind::kBadInput, "cannot read folder " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::map<std::string, size_t> by_version;
  std::vector<Entry> out;
  std::vector<Entry> plain;
  for (const auto& p : files) {
    Name n = ParseName(p.filename().string());
    WB_ASSIGN(std::string text, util::ReadFile(p));
    if (n.direction.empty()) {
      Entry e;
      e.unit.id = p.filename().string();
      e.unit.is_migration = false;
      e.unit.dialect = dialect;
      e.unit.up = ReadScript(p, std::move(text));
      plain.push_back(std::move(e));
      continue;
    }
    auto [it, fresh] = by_version.try_emplace(n.version, out.size());
    if (fresh) {
      out.emplace_back();
      out.back().unit.id = n.version + "_" + n.slug;
      out.back().unit.dialect = dialect;
    }
    Unit& u = out[it->second].unit;
    if (n.direction == "up") {
      u.way_back = ParseWayBackBlock(text);
      u.up = ReadScript(p, std::move(text));
    } else {
      u.down = ReadScript(p, std::move(text));
    }
  }
  // A down without an up: lint it as a plain script so it is still read.
  for (auto& e : out) {
    if (e.unit.up.path.empty() && e.unit.down) {
      e.unit.up = std::move(*e.unit.down);
      e.unit.down.reset();
      e.unit.is_migration = false;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
    return util::CompareVersions(a.unit.id.substr(0, a.unit.id.find('_')), b.unit.id.substr(0, b.unit.id.find('_'))) < 0;
  });
  for (auto& p : plain) out.push_back(std::move(p));
  return out;
}

}  // namespace

Result<std::vector<Unit>> LoadUnits(const std::vector<fs::path>& paths, Dialect dialect) {
  // Folder → which of its files were asked for (empty: all).
  std::vector<std::pair<fs::path, std::vector<fs::path>>> folders;
  auto folder = [&](const fs::path& dir) -> std::vector<fs::path>& {
    for (auto& [d, files] : folders) {
      if (d == dir) return files;
    }
    folders.push_back({dir, {}});
    return folders.back().second;
  };
  std::vector<fs::path> whole;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      folder(p);
      whole.push_back(p);
    } else if (fs::is_regular_file(p, ec)) {
      folder(p.parent_path().empty() ? fs::path(".") : p.parent_path()).push_back(p);
    } else {
      return Fail(ErrorKind::kBadInput, p.string() + ": no such file or folder", "pass migration folders or .sql files");
    }
  }
  std::vector<Unit> units;
  for (auto& [dir, asked] : folders) {
    WB_ASSIGN(auto entries, ReadFolder(dir, dialect));
    bool all = std::find(whole.begin(), whole.end(), dir) != whole.end();
    size_t last = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
      const Unit& u = entries[i].unit;
      bool pick = all;
      for (const auto& a : asked) {
        pick = pick || fs::equivalent(a, u.up.path) || (u.down && fs::equivalent(a, u.down->path));
      }
      entries[i].selected = pick;
      if (pick) last = i + 1;
    }
    if (dialect == Dialect::kPostgres) {
      // PostgreSQL needs no history: the selected units are modeled on every
      // core (libpg_query keeps its parser state thread-local).
      std::vector<Unit*> todo;
      for (size_t i = 0; i < last; ++i) {
        if (entries[i].selected) todo.push_back(&entries[i].unit);
      }
      WB_TRY(ModelInParallel(todo));
      for (size_t i = 0; i < last; ++i) {
        if (entries[i].selected) units.push_back(std::move(entries[i].unit));
      }
      continue;
    }
    std::unique_ptr<backend::SqliteReplica> replica;
    WB_ASSIGN(replica, backend::SqliteReplica::Open());
    for (size_t i = 0; i < last; ++i) {
      // SQLite replays every earlier up into the replica.
      if (!entries[i].unit.is_migration && !entries[i].selected) continue;
      if (entries[i].selected) {
        WB_TRY(ModelUnit(entries[i].unit, replica.get()));
        units.push_back(std::move(entries[i].unit));
      } else {
        WB_TRY(Model(entries[i].unit.up, dialect, replica.get()));
      }
    }
  }
  return units;
}

Result<Unit> UnitOfMigration(const std::vector<Migration>& set, size_t index, Dialect dialect) {
  std::unique_ptr<backend::SqliteReplica> replica;
  if (dialect == Dialect::kSqlite) {
    WB_ASSIGN(replica, backend::SqliteReplica::Open());
    for (size_t i = 0; i < index; ++i) {
      ScriptFile earlier = ReadScript(set[i].up.path, set[i].up.text);
      WB_TRY(Model(earlier, dialect, replica.get()));
    }
  }
  const Migration& m = set[index];
  Unit u;
  u.id = m.Id();
  u.dialect = dialect;
  u.way_back = m.way_back;
  u.up = ReadScript(m.up.path, m.up.text);
  if (m.down) u.down = ReadScript(m.down->path, m.down->text);
  WB_TRY(ModelUnit(u, replica.get()));
  return u;
}

}  // namespace wayback::lint
