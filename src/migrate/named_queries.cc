#include "migrate/named_queries.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

#include "util/strings.h"

namespace wayback::embedded {
std::string_view sql(std::string_view name);
}

namespace wayback::migrate {
namespace {

using QueryMap = std::map<std::string, std::string, std::less<>>;

QueryMap ParseSections(std::string_view file) {
  QueryMap out;
  std::string current;
  for (std::string_view line : util::Lines(file)) {
    std::string_view t = util::Trim(line);
    if (util::StartsWith(t, "-- name:")) {
      current = std::string(util::Trim(t.substr(8)));
      out[current];
      continue;
    }
    if (!current.empty()) {
      out[current] += line;
      out[current] += '\n';
    }
  }
  for (auto& [name, text] : out) text = std::string(util::Trim(text));
  return out;
}

[[noreturn]] void Missing(std::string_view what, std::string_view name) {
  std::fprintf(stderr, "wayback: internal error: no embedded %.*s '%.*s'\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(name.size()), name.data());
  std::abort();
}

}  // namespace

const std::string& EmbeddedQuery(std::string_view file, std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, QueryMap, std::less<>> files;
  std::lock_guard lock(mutex);
  auto it = files.find(file);
  if (it == files.end()) {
    std::string_view text = embedded::sql(file);
    if (text.empty()) Missing("file", file);
    it = files.emplace(std::string(file), ParseSections(text)).first;
  }
  auto q = it->second.find(name);
  if (q == it->second.end()) Missing(std::string(file) + " query", name);
  return q->second;
}

const std::string& StageQuery(std::string_view stage, Dialect dialect, std::string_view name) {
  std::string file = std::string(stage) + "/state/" + (dialect == Dialect::kSqlite ? "sqlite" : "postgres") + ".sql";
  return EmbeddedQuery(file, name);
}

}  // namespace wayback::migrate
