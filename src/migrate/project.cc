// wayback.toml → Project. See docs/configuration.md for the format.
#include <cstdlib>
#include <toml++/toml.h>

#include "util/strings.h"
#include "wayback/project.h"

namespace wayback {
namespace {

namespace fs = std::filesystem;

struct Interpolated {
  std::string value;
  std::vector<std::string> unset;  // variables that were not set
};

// Replaces ${VAR} with the environment's value; "$$" is a literal "$".
Result<Interpolated> Interpolate(std::string_view text, const std::string& where) {
  Interpolated out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '$') {
      out.value += '$';
      ++i;
    } else if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) {
        return Fail(ErrorKind::kBadInput, where + ": unterminated ${ in '" + std::string(text) + "'");
      }
      std::string var(text.substr(i + 2, close - i - 2));
      const char* value = std::getenv(var.c_str());
      if (value && *value) {
        out.value += value;
      } else {
        out.unset.push_back(var);
      }
      i = close;
    } else {
      out.value += text[i];
    }
  }
  return out;
}

std::string Where(const fs::path& file, const toml::node& node) {
  return file.string() + ":" + std::to_string(node.source().begin.line);
}

Status ReadPolicy(const toml::table& table, const fs::path& file, Policy& policy) {
  for (auto&& [key, node] : table) {
    std::string k(key.str());
    auto duration = [&](int64_t& into) -> Status {
      if (auto n = node.value<int64_t>()) {
        into = *n;
        return {};
      }
      auto s = node.value<std::string>();
      if (!s) return Fail(ErrorKind::kBadInput, Where(file, node) + ": policy." + k + " must be a duration");
      WB_ASSIGN(into, MapError(ParseDuration(*s), [&](Error e) {
        return e.context(Where(file, node) + ": policy." + k);
      }));
      return {};
    };
    if (k == "lock_timeout") {
      WB_TRY(duration(policy.lock_timeout_ms));
    } else if (k == "statement_timeout") {
      WB_TRY(duration(policy.statement_timeout_ms));
    } else if (k == "lock_retry_delay") {
      WB_TRY(duration(policy.lock_retry_delay_ms));
    } else if (k == "lock_wait") {
      WB_TRY(duration(policy.lock_wait_ms));
    } else if (k == "lock_retries") {
      auto n = node.value<int64_t>();
      if (!n || *n < 0) return Fail(ErrorKind::kBadInput, Where(file, node) + ": policy.lock_retries must be a number ≥ 0");
      policy.lock_retries = static_cast<int>(*n);
    } else {
      return Fail(ErrorKind::kBadInput, Where(file, node) + ": unknown policy key '" + k + "'",
                  "known keys: lock_timeout, statement_timeout, lock_retries, lock_retry_delay, lock_wait");
    }
  }
  return {};
}

Status ReadTargets(const toml::array& targets, const fs::path& file, Project& project) {
  for (const toml::node& node : targets) {
    const toml::table* t = node.as_table();
    if (!t) return Fail(ErrorKind::kBadInput, Where(file, node) + ": [[target]] must be a table");
    std::string where = Where(file, node);
    auto name = (*t)["name"].value<std::string>();
    auto url = (*t)["url"].value<std::string>();
    if (!name || name->empty()) return Fail(ErrorKind::kBadInput, where + ": target has no name");
    if (!url) return Fail(ErrorKind::kBadInput, where + ": target '" + *name + "' has no url");
    for (const auto& existing : project.targets) {
      if (existing.name == *name) return Fail(ErrorKind::kBadInput, where + ": target '" + *name + "' is declared twice");
    }
    bool optional = (*t)["optional"].value_or(false);
    std::string url_where = Where(file, *(*t)["url"].node());
    WB_ASSIGN(Interpolated u, Interpolate(*url, url_where));
    if (!u.unset.empty()) {
      if (optional) {
        project.skipped.push_back({*name, "${" + u.unset[0] + "} is not set"});
        continue;
      }
      return Fail(ErrorKind::kBadInput,
                  url_where + ": target '" + *name + "' uses ${" + u.unset[0] + "}, which is not set",
                  "set " + u.unset[0] + ", or mark the target `optional = true` to skip it when unset");
    }
    WB_ASSIGN(Interpolated dir, Interpolate((*t)["migrations"].value_or<std::string>("migrations"), where));
    if (!dir.unset.empty()) {
      return Fail(ErrorKind::kBadInput, where + ": migrations of '" + *name + "' use ${" + dir.unset[0] + "}, which is not set");
    }
    Target target;
    target.name = *name;
    WB_ASSIGN(target.url, MapError(ParseDatabaseUrl(u.value, project.root), [&](Error e) {
      return e.context(where);
    }));
    fs::path mdir(dir.value);
    target.migrations_dir = mdir.is_absolute() ? mdir : project.root / mdir;
    target.policy = project.policy;
    if (const toml::table* p = (*t)["policy"].as_table()) WB_TRY(ReadPolicy(*p, file, target.policy));
    project.targets.push_back(std::move(target));
  }
  return {};
}

}  // namespace

Result<int64_t> ParseDuration(std::string_view text) {
  std::string_view s = util::Trim(text);
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits == 0) return Fail(ErrorKind::kBadInput, "'" + std::string(text) + "' is not a duration", "write e.g. 5s, 250ms, 10min, 1h");
  int64_t n = std::stoll(std::string(s.substr(0, digits)));
  std::string unit = util::ToLower(util::Trim(s.substr(digits)));
  if (unit.empty() || unit == "ms") return n;
  if (unit == "s") return n * 1000;
  if (unit == "min" || unit == "m") return n * 60'000;
  if (unit == "h") return n * 3'600'000;
  if (unit == "d") return n * 86'400'000;
  return Fail(ErrorKind::kBadInput, "'" + std::string(text) + "' has an unknown unit", "use ms, s, min, h or d");
}

Result<Project> LoadProject(const ProjectOptions& options) {
  Project project;
  std::error_code ec;
  project.root = fs::absolute(options.dir, ec).lexically_normal();
  if (!fs::is_directory(project.root)) {
    return Fail(ErrorKind::kBadInput, "project folder " + options.dir.string() + " does not exist");
  }
  fs::path file = project.root / "wayback.toml";
  if (fs::exists(file)) {
    project.config = file;
    toml::table doc;
    try {
      doc = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
      return Fail(ErrorKind::kBadInput, file.string() + ":" + std::to_string(e.source().begin.line) + ": " +
                                            std::string(e.description()));
    }
    if (const toml::table* p = doc["policy"].as_table()) WB_TRY(ReadPolicy(*p, file, project.policy));
    if (const toml::table* journal = doc["journal"].as_table()) {
      if (auto r = (*journal)["retention"].value<std::string>()) {
        WB_ASSIGN(project.journal_retention_ms, MapError(ParseDuration(*r), [&](Error e) {
          return e.context(file.string() + ": journal.retention");
        }));
      }
    }
    if (const toml::table* lint = doc["lint"].as_table()) {
      if (const toml::array* off = (*lint)["disable"].as_array()) {
        for (const auto& r : *off) {
          if (auto s = r.value<std::string>()) project.disabled_rules.push_back(*s);
        }
      }
    }
    if (const toml::node_view targets = doc["target"]) {
      const toml::array* arr = targets.as_array();
      if (!arr) return Fail(ErrorKind::kBadInput, file.string() + ": use [[target]] tables for targets");
      WB_TRY(ReadTargets(*arr, file, project));
    }
  }

  // Overrides: --database > WAYBACK_DATABASE_URL > config.
  std::string database = options.database;
  if (database.empty()) {
    if (const char* env = std::getenv("WAYBACK_DATABASE_URL"); env && *env) database = env;
  }
  if (!options.target.empty()) {
    std::vector<Target> chosen;
    for (auto& t : project.targets) {
      if (t.name == options.target) chosen.push_back(std::move(t));
    }
    if (chosen.empty()) {
      for (const auto& s : project.skipped) {
        if (s.name == options.target) {
          return Fail(ErrorKind::kBadInput, "target '" + s.name + "' is skipped: " + s.reason);
        }
      }
      return Fail(ErrorKind::kBadInput, "no target named '" + options.target + "'",
                  project.config ? "targets are declared with [[target]] in " + project.config->string()
                                 : "there is no wayback.toml here; use --database");
    }
    project.targets = std::move(chosen);
    project.skipped.clear();
  }
  if (!database.empty()) {
    if (project.targets.size() > 1) {
      return Fail(ErrorKind::kBadInput, "--database / WAYBACK_DATABASE_URL is ambiguous with several targets",
                  "choose one with -t TARGET");
    }
    if (project.targets.empty()) {
      Target t;
      t.name = "default";
      t.migrations_dir = project.root / "migrations";
      t.policy = project.policy;
      project.targets.push_back(std::move(t));
    }
    WB_ASSIGN(project.targets[0].url, ParseDatabaseUrl(database, project.root));
  }
  if (!options.migrations.empty()) {
    if (project.targets.size() > 1) {
      return Fail(ErrorKind::kBadInput, "--migrations is ambiguous with several targets", "choose one with -t TARGET");
    }
    fs::path m(options.migrations);
    fs::path resolved = m.is_absolute() ? m : fs::absolute(m);
    if (project.targets.empty()) {
      Target t;
      t.name = "default";
      t.policy = project.policy;
      t.url.raw.clear();
      project.targets.push_back(std::move(t));
    }
    project.targets[0].migrations_dir = resolved.lexically_normal();
  }
  return project;
}

}  // namespace wayback
