#include "migrate/target_session.h"

#include <map>

#include "util/strings.h"

namespace wayback::migrate {

Result<TargetSession> OpenTarget(const Target& target, FileSet files) {
  if (target.url.raw.empty()) {
    return Fail(ErrorKind::kBadInput, "target '" + target.name + "' has no database",
                "pass --database URL, set WAYBACK_DATABASE_URL, or declare a [[target]] in wayback.toml");
  }
  TargetSession s;
  s.target = &target;
  auto set = LoadMigrations(target.migrations_dir, target.url.dialect);
  if (set) {
    s.migrations = std::move(*set);
  } else if (files == FileSet::kRequired) {
    return Fail(std::move(set).error());
  } else {
    s.set_error = set.error().message();
  }
  WB_ASSIGN(s.conn, backend::Connect(target.url));
  s.state = std::make_unique<StateStore>(*s.conn);
  return s;
}

Comparison Compare(const std::vector<Migration>& code, const std::vector<AppliedMigration>& applied) {
  Comparison c;
  // Versions compare numerically: "0042" on disk is "42" in the state if so written.
  auto key = [](const std::string& v) {
    size_t i = v.find_first_not_of('0');
    return i == std::string::npos ? std::string("0") : v.substr(i);
  };
  std::map<std::string, const AppliedMigration*> by_version;
  for (const auto& a : applied) by_version[key(a.version)] = &a;
  std::map<std::string, const Migration*> known;
  for (const auto& m : code) {
    known[key(m.version)] = &m;
    auto it = by_version.find(key(m.version));
    if (it == by_version.end()) {
      c.pending.push_back(&m);
      continue;
    }
    if (it->second->up_checksum != m.up.checksum) c.edited.emplace_back(&m, it->second);
    std::optional<std::string> file_down = m.down ? std::optional(m.down->checksum) : std::nullopt;
    if (file_down != it->second->down_checksum) c.down_changed.emplace_back(&m, it->second);
  }
  for (const auto& a : applied) {
    if (!known.count(key(a.version))) c.ahead.push_back(&a);
  }
  return c;
}

}  // namespace wayback::migrate
