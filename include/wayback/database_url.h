// A target's database address. The raw URL may hold a password: use Masked()
// for anything shown to a person.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "wayback/error.h"

namespace wayback {

enum class Dialect { kSqlite, kPostgres };

const char* DialectName(Dialect d);

struct DatabaseUrl {
  Dialect dialect = Dialect::kSqlite;
  std::string raw;          // never print: may contain a password
  std::string sqlite_path;  // sqlite only: resolved file path, or ":memory:"

  // The URL with its password replaced by "****".
  std::string Masked() const;
};

// Accepts "sqlite:PATH", "sqlite://PATH", "sqlite3:PATH" (PATH relative to
// `base_dir` unless absolute) and "postgres://…" / "postgresql://…" (handed to
// libpq as is). The password, if any, is registered as a secret for redaction.
Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url, const std::filesystem::path& base_dir);

}  // namespace wayback
