#include "migrate/named_queries.h"

#include <cstdio>
#include <cstdlib>
#include <map>

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

}  // namespace

const std::string& StateQuery(Dialect dialect, std::string_view name) {
  static const QueryMap sqlite = ParseSections(embedded::sql("migrate/state/sqlite.sql"));
  static const QueryMap postgres = ParseSections(embedded::sql("migrate/state/postgres.sql"));
  const QueryMap& map = dialect == Dialect::kSqlite ? sqlite : postgres;
  auto it = map.find(name);
  if (it == map.end()) {
    std::fprintf(stderr, "wayback: internal error: no state query '%.*s'\n", static_cast<int>(name.size()),
                 name.data());
    std::abort();
  }
  return it->second;
}

}  // namespace wayback::migrate
