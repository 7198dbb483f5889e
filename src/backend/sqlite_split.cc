// SQLite statements are cut where sqlite3_complete() says the text so far is a
// complete statement: the same test the sqlite3 shell uses, so trigger bodies
// (BEGIN … END;), strings, quoted identifiers and comments are handled by
// SQLite itself. A piece with nothing but comments is dropped.
#include <sqlite3.h>

#include <string>

#include "backend/connection.h"
#include "sql/comments.h"
#include "sql/postgres_split.h"
#include "util/strings.h"

namespace wayback::backend {
namespace {

// True when `piece` holds a statement and not only comments and whitespace:
// preparing it against an empty in-memory database yields no statement handle
// exactly when there is nothing to run (any error means there is).
bool HasCode(sqlite3* db, const std::string& piece) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, piece.c_str(), static_cast<int>(piece.size()), &stmt, nullptr);
  bool has = rc != SQLITE_OK || stmt != nullptr;
  sqlite3_finalize(stmt);
  return has;
}

Result<std::vector<sql::ScriptStatement>> SplitSqlite(std::string_view script) {
  std::vector<sql::ScriptStatement> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return Fail(ErrorKind::kInternal, "cannot open an in-memory SQLite database");
  }
  auto emit = [&](size_t begin, size_t end) {
    std::string_view piece = script.substr(begin, end - begin);
    std::string_view trimmed = util::Trim(piece.substr(sql::LeadingCommentLength(piece)));
    if (trimmed.empty()) return;
    std::string text(trimmed);
    if (!HasCode(db, text)) return;
    while (!text.empty() && (text.back() == ';' || text.back() == ' ' || text.back() == '\n' ||
                             text.back() == '\t' || text.back() == '\r')) {
      if (text.back() == ';') {
        text.pop_back();
        break;
      }
      text.pop_back();
    }
    size_t lead = static_cast<size_t>(trimmed.data() - script.data());
    out.push_back({text, lead, util::LineOfOffset(script, lead)});
  };
  size_t start = 0;
  size_t pos = 0;
  while ((pos = script.find(';', pos)) != std::string_view::npos) {
    std::string candidate(script.substr(start, pos + 1 - start));
    if (sqlite3_complete(candidate.c_str())) {
      emit(start, pos + 1);
      start = pos + 1;
    }
    ++pos;
  }
  emit(start, script.size());
  sqlite3_close(db);
  return out;
}

}  // namespace

Result<std::vector<sql::ScriptStatement>> SplitScript(Dialect dialect, std::string_view script) {
  if (dialect == Dialect::kPostgres) return sql::SplitPostgres(script);
  return SplitSqlite(script);
}

}  // namespace wayback::backend
