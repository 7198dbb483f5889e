#include "wayback/database_url.h"

#include <algorithm>
#include <vector>

#include "util/redact.h"
#include "util/strings.h"

namespace wayback {
namespace {

std::string PercentDecode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Byte range [begin, end) of the password in a postgres URL, or begin == end.
std::pair<size_t, size_t> PasswordRange(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {0, 0};
  size_t auth_start = scheme + 3;
  size_t auth_end = url.find_first_of("/?#", auth_start);
  if (auth_end == std::string_view::npos) auth_end = url.size();
  size_t at = url.rfind('@', auth_end);
  if (at == std::string_view::npos || at < auth_start) return {0, 0};
  size_t colon = url.find(':', auth_start);
  if (colon == std::string_view::npos || colon > at) return {0, 0};
  return {colon + 1, at};
}

// Ranges of the values of "password=" query parameters.
std::vector<std::pair<size_t, size_t>> QueryPasswordRanges(std::string_view url) {
  std::vector<std::pair<size_t, size_t>> ranges;
  size_t q = url.find('?');
  while (q != std::string_view::npos && q < url.size()) {
    size_t key = q + 1;
    size_t amp = url.find('&', key);
    size_t end = amp == std::string_view::npos ? url.size() : amp;
    std::string_view pair = url.substr(key, end - key);
    if (util::StartsWith(util::ToLower(pair), "password=")) ranges.emplace_back(key + 9, end);
    q = amp;
  }
  return ranges;
}

}  // namespace

const char* DialectName(Dialect d) { return d == Dialect::kSqlite ? "sqlite" : "postgres"; }

std::string DatabaseUrl::Masked() const {
  if (dialect == Dialect::kSqlite) return raw;
  std::string out = raw;
  auto ranges = QueryPasswordRanges(raw);
  auto [pb, pe] = PasswordRange(raw);
  if (pe > pb) ranges.emplace_back(pb, pe);
  std::sort(ranges.begin(), ranges.end());
  for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) {
    out.replace(it->first, it->second - it->first, "****");
  }
  return out;
}

Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url, const std::filesystem::path& base_dir) {
  DatabaseUrl out;
  out.raw = std::string(url);
  url = util::Trim(url);
  for (std::string_view prefix : {"sqlite://", "sqlite3://", "sqlite:", "sqlite3:"}) {
    if (util::StartsWith(url, prefix)) {
      out.dialect = Dialect::kSqlite;
      std::string path(url.substr(prefix.size()));
      if (path.empty()) {
        return Fail(ErrorKind::kBadInput, "database URL '" + out.raw + "' has no file path",
                    "write it as sqlite:path/to/file.db");
      }
      if (path == ":memory:") {
        out.sqlite_path = path;
      } else {
        std::filesystem::path p(path);
        out.sqlite_path = (p.is_absolute() ? p : base_dir / p).lexically_normal().string();
      }
      return out;
    }
  }
  if (util::StartsWith(url, "postgres://") || util::StartsWith(url, "postgresql://")) {
    out.dialect = Dialect::kPostgres;
    auto [pb, pe] = PasswordRange(url);
    if (pe > pb) {
      util::RegisterSecret(url.substr(pb, pe - pb));
      util::RegisterSecret(PercentDecode(url.substr(pb, pe - pb)));
    }
    for (auto [b, e] : QueryPasswordRanges(url)) {
      util::RegisterSecret(url.substr(b, e - b));
      util::RegisterSecret(PercentDecode(url.substr(b, e - b)));
    }
    return out;
  }
  DatabaseUrl shown;
  shown.dialect = Dialect::kPostgres;
  shown.raw = out.raw;
  return Fail(ErrorKind::kBadInput, "unsupported database URL '" + shown.Masked() + "'",
              "use sqlite:PATH or postgres://user@host:port/dbname");
}

}  // namespace wayback
