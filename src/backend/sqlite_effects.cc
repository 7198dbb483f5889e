// See sqlite_effects.h. What a statement does comes from SQLite: the actions
// its authorizer is asked about while the statement is prepared, and the
// replica's catalog before and after it runs. The only lexical work here is
// finding a top-level WHERE in UPDATE/DELETE (the authorizer reports columns
// read, not clauses) and naming the table to stub in when SQLite reports an
// unknown column; both use a tokenizer that respects quotes and comments.
#include "backend/sqlite_effects.h"

#include <sqlite3.h>

#include <map>
#include <set>

#include "backend/connection.h"
#include "util/strings.h"

namespace wayback::backend {
namespace {

using sql::Action;
using sql::Effect;
using sql::ObjectKind;
using sql::QualifiedName;

struct Token {
  std::string text;  // identifiers lower-cased; quoted identifiers unescaped
  bool word = false;  // an unquoted word (keyword or identifier)
};

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || (c & 0x80); };
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') { while (i < s.size() && s[i] != '\n') ++i; continue; }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      std::string text;
      ++i;
      while (i < s.size()) {
        if (s[i] == close) {
          if (close != ']' && i + 1 < s.size() && s[i + 1] == close) { text += close; i += 2; continue; }
          ++i;
          break;
        }
        text += s[i++];
      }
      out.push_back({c == '\'' ? "'" : util::ToLower(text), false});
      continue;
    }
    if (ident(c)) {
      size_t b = i;
      while (i < s.size() && ident(s[i])) ++i;
      out.push_back({util::ToLower(s.substr(b, i - b)), true});
      continue;
    }
    out.push_back({std::string(1, c), false});
    ++i;
  }
  return out;
}

bool Is(const std::vector<Token>& t, size_t i, const char* word) { return i < t.size() && t[i].word && t[i].text == word; }

// True when the statement has a WHERE outside any parentheses.
bool HasTopLevelWhere(const std::vector<Token>& t) {
  int depth = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (!t[i].word && t[i].text == "(") ++depth;
    else if (!t[i].word && t[i].text == ")") --depth;
    else if (depth == 0 && Is(t, i, "where")) return true;
  }
  return false;
}

// The table an ALTER / UPDATE / INSERT / DELETE / CREATE INDEX acts on.
std::string TargetTable(const std::vector<Token>& t) {
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    bool after = (Is(t, i, "table") && i > 0 && Is(t, i - 1, "alter")) || Is(t, i, "into") || Is(t, i, "from") ||
                 Is(t, i, "on") || Is(t, i, "update");
    if (!after) continue;
    size_t j = i + 1;
    if (Is(t, i, "update") && Is(t, j, "or")) j += 2;
    if (j + 2 < t.size() && t[j + 1].text == ".") j += 2;
    if (j < t.size()) return t[j].text;
  }
  return "";
}

std::string Quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

struct AuthAction {
  int code;
  std::string a1, a2;
};

int Record(void* user, int code, const char* a1, const char* a2, const char*, const char* inner) {
  // Actions a trigger or view performs belong to that object, not to this statement.
  if (inner) return SQLITE_OK;
  static_cast<std::vector<AuthAction>*>(user)->push_back(
      {code, a1 ? util::ToLower(a1) : "", a2 ? util::ToLower(a2) : ""});
  return SQLITE_OK;
}

struct ColumnInfo {
  std::string name, type;
  bool not_null = false, has_default = false;
};
using Catalog = std::map<std::string, std::vector<ColumnInfo>>;

Catalog ReadCatalog(sqlite3* db) {
  Catalog out;
  sqlite3_stmt* st = nullptr;
  const char* q =
      "SELECT lower(m.name), lower(p.name), p.type, p.\"notnull\", p.dflt_value IS NOT NULL "
      "FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid";
  if (sqlite3_prepare_v2(db, q, -1, &st, nullptr) != SQLITE_OK) return out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    auto text = [&](int i) { auto p = sqlite3_column_text(st, i); return p ? std::string(reinterpret_cast<const char*>(p)) : ""; };
    out[text(0)].push_back({text(1), text(2), sqlite3_column_int(st, 3) != 0, sqlite3_column_int(st, 4) != 0});
  }
  sqlite3_finalize(st);
  return out;
}

bool Exec(sqlite3* db, const std::string& sql) { return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK; }

// Strips "main." and quotes from a name in an SQLite error message.
std::string NameInMessage(const std::string& msg, const std::string& prefix) {
  std::string name = msg.substr(prefix.size());
  if (size_t dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  return name;
}

// Puts into the replica what SQLite said was missing; false if it cannot.
bool Stub(sqlite3* db, const std::string& msg, const std::vector<Token>& tokens) {
  const std::string stub_table = "wayback_unknown_origin";
  if (util::StartsWith(msg, "no such table: ")) {
    return Exec(db, "CREATE TABLE IF NOT EXISTS " + Quote(NameInMessage(msg, "no such table: ")) + " (_)");
  }
  if (util::StartsWith(msg, "no such column: ")) {
    std::string table = TargetTable(tokens);
    if (table.empty()) return false;
    Exec(db, "CREATE TABLE IF NOT EXISTS " + Quote(table) + " (_)");
    return Exec(db, "ALTER TABLE " + Quote(table) + " ADD COLUMN " + Quote(NameInMessage(msg, "no such column: ")));
  }
  // Already in the replica (an earlier file of the set made it, or a stub):
  // take the replica's copy away so the statement describes what it creates.
  if (size_t at = msg.find(" already exists"); at != std::string::npos) {
    size_t sp = msg.find(' ');
    std::string kind = msg.substr(0, sp);
    if (kind != "table" && kind != "index" && kind != "view" && kind != "trigger") return false;
    std::string name = msg.substr(sp + 1, at - sp - 1);
    if (name.size() >= 2 && name.front() == '"') name = name.substr(1, name.size() - 2);
    return Exec(db, "DROP " + kind + " " + Quote(name));
  }
  if (util::StartsWith(msg, "duplicate column name: ")) {
    std::string table = TargetTable(tokens);
    return !table.empty() &&
           Exec(db, "ALTER TABLE " + Quote(table) + " DROP COLUMN " + Quote(NameInMessage(msg, "duplicate column name: ")));
  }
  Exec(db, "CREATE TABLE IF NOT EXISTS " + Quote(stub_table) + " (_)");
  if (util::StartsWith(msg, "no such index: ")) {
    return Exec(db, "CREATE INDEX " + Quote(NameInMessage(msg, "no such index: ")) + " ON " + Quote(stub_table) + " (_)");
  }
  if (util::StartsWith(msg, "no such view: ")) {
    return Exec(db, "CREATE VIEW " + Quote(NameInMessage(msg, "no such view: ")) + " AS SELECT 1");
  }
  if (util::StartsWith(msg, "no such trigger: ")) {
    return Exec(db, "CREATE TRIGGER " + Quote(NameInMessage(msg, "no such trigger: ")) + " AFTER INSERT ON " +
                        Quote(stub_table) + " BEGIN SELECT 1; END");
  }
  return false;
}

Effect Make(Action action, ObjectKind kind, const std::string& name) {
  Effect e{.action = action, .kind = kind};
  e.object = {"", name};
  return e;
}

// Effects of ALTER TABLE `table`, from the catalog before and after it ran.
void AlterEffects(const std::string& table, const Catalog& before, const Catalog& after, std::vector<Effect>& out) {
  auto old_it = before.find(table);
  auto new_it = after.find(table);
  if (new_it == after.end()) {
    for (const auto& [name, cols] : after) {
      if (!before.count(name)) {
        Effect e = Make(Action::kRename, ObjectKind::kTable, table);
        e.table = e.object;
        e.new_name = name;
        out.push_back(e);
        return;
      }
    }
  }
  if (old_it == before.end() || new_it == after.end()) {
    Effect e = Make(Action::kAlter, ObjectKind::kTable, table);
    e.table = e.object;
    out.push_back(e);
    return;
  }
  std::vector<ColumnInfo> added, dropped;
  for (const auto& c : new_it->second) {
    bool found = false;
    for (const auto& o : old_it->second) found = found || o.name == c.name;
    if (!found) added.push_back(c);
  }
  for (const auto& o : old_it->second) {
    bool found = false;
    for (const auto& c : new_it->second) found = found || o.name == c.name;
    if (!found) dropped.push_back(o);
  }
  QualifiedName t{"", table};
  if (added.size() == 1 && dropped.size() == 1) {
    Effect e = Make(Action::kRename, ObjectKind::kColumn, table);
    e.table = t;
    e.column = dropped[0].name;
    e.new_name = added[0].name;
    out.push_back(e);
    return;
  }
  for (const auto& c : added) {
    Effect e = Make(Action::kAddColumn, ObjectKind::kColumn, table);
    e.table = t;
    e.column = c.name;
    e.type = c.type;
    e.not_null = c.not_null;
    e.has_default = c.has_default;
    out.push_back(e);
  }
  for (const auto& c : dropped) {
    Effect e = Make(Action::kDrop, ObjectKind::kColumn, table);
    e.table = t;
    e.column = c.name;
    e.destroys_data = true;
    e.rewrites = true;  // SQLite rewrites the table to drop a column
    out.push_back(e);
  }
  if (added.empty() && dropped.empty()) {
    Effect e = Make(Action::kAlter, ObjectKind::kTable, table);
    e.table = t;
    out.push_back(e);
  }
}

bool IsInternal(const std::string& name) { return util::StartsWith(name, "sqlite_"); }

std::vector<Effect> ToEffects(const std::vector<AuthAction>& actions, const std::vector<Token>& tokens,
                              const Catalog& before, const Catalog& after) {
  std::vector<Effect> out;
  std::set<std::string> schema_objects;  // created or dropped here: their row actions are internal
  std::map<std::string, Effect> dml;
  std::vector<std::string> dml_order;
  bool select = false;
  for (const auto& a : actions) {
    switch (a.code) {
      case SQLITE_CREATE_TABLE: case SQLITE_CREATE_TEMP_TABLE: case SQLITE_CREATE_VTABLE:
        out.push_back(Make(Action::kCreate, ObjectKind::kTable, a.a1));
        out.back().table = out.back().object;
        schema_objects.insert(a.a1);
        break;
      case SQLITE_CREATE_INDEX: case SQLITE_CREATE_TEMP_INDEX:
        out.push_back(Make(Action::kCreateIndex, ObjectKind::kIndex, a.a1));
        out.back().table = {"", a.a2};
        break;
      case SQLITE_CREATE_VIEW: case SQLITE_CREATE_TEMP_VIEW:
        out.push_back(Make(Action::kCreate, ObjectKind::kView, a.a1));
        break;
      case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_TEMP_TRIGGER:
        out.push_back(Make(Action::kCreate, ObjectKind::kTrigger, a.a1));
        out.back().table = {"", a.a2};
        break;
      case SQLITE_DROP_TABLE: case SQLITE_DROP_TEMP_TABLE: case SQLITE_DROP_VTABLE:
        out.push_back(Make(Action::kDrop, ObjectKind::kTable, a.a1));
        out.back().table = out.back().object;
        out.back().destroys_data = true;
        schema_objects.insert(a.a1);
        break;
      case SQLITE_DROP_INDEX: case SQLITE_DROP_TEMP_INDEX:
        out.push_back(Make(Action::kDropIndex, ObjectKind::kIndex, a.a1));
        out.back().table = {"", a.a2};
        break;
      case SQLITE_DROP_VIEW: case SQLITE_DROP_TEMP_VIEW:
        out.push_back(Make(Action::kDrop, ObjectKind::kView, a.a1));
        break;
      case SQLITE_DROP_TRIGGER: case SQLITE_DROP_TEMP_TRIGGER:
        out.push_back(Make(Action::kDrop, ObjectKind::kTrigger, a.a1));
        out.back().table = {"", a.a2};
        break;
      case SQLITE_ALTER_TABLE:
        AlterEffects(a.a2, before, after, out);
        schema_objects.insert(a.a2);
        break;
      case SQLITE_INSERT: case SQLITE_UPDATE: case SQLITE_DELETE: {
        if (IsInternal(a.a1)) break;
        Action act = a.code == SQLITE_INSERT ? Action::kInsert : a.code == SQLITE_UPDATE ? Action::kUpdate : Action::kDelete;
        std::string key = a.a1 + "/" + std::to_string(a.code);
        auto [it, fresh] = dml.try_emplace(key, Make(act, ObjectKind::kTable, a.a1));
        if (fresh) dml_order.push_back(key);
        it->second.table = it->second.object;
        if (act == Action::kUpdate) it->second.updated_columns.push_back(a.a2);
        break;
      }
      case SQLITE_READ:
        for (auto& [key, e] : dml) {
          if (e.object.name != a.a1 && !IsInternal(a.a1)) e.reads_other_tables = true;
        }
        select = true;
        break;
      case SQLITE_SELECT: select = true; break;
      case SQLITE_TRANSACTION: case SQLITE_SAVEPOINT:
        out.push_back(Make(Action::kTransactionControl, ObjectKind::kNone, ""));
        break;
      case SQLITE_PRAGMA:
        out.push_back(Make(Action::kSession, ObjectKind::kNone, a.a1));
        break;
      case SQLITE_ANALYZE: case SQLITE_REINDEX:
        out.push_back(Make(Action::kMaintenance, ObjectKind::kTable, a.a1));
        break;
      case SQLITE_ATTACH: case SQLITE_DETACH:
        out.push_back(Make(Action::kOther, ObjectKind::kDatabase, a.a1));
        break;
      default: break;
    }
  }
  bool where = HasTopLevelWhere(tokens);
  for (const auto& key : dml_order) {
    Effect e = dml[key];
    if (schema_objects.count(e.object.name)) continue;
    e.has_where = where;
    e.destroys_data = e.action != Action::kInsert;
    e.detail = e.action == Action::kDelete && !where ? "deletes every row" : "";
    out.push_back(e);
  }
  if (out.empty() && !tokens.empty() && Is(tokens, 0, "vacuum")) {
    out.push_back(Make(Action::kMaintenance, ObjectKind::kNone, ""));
    out.back().transactional = false;
    out.back().detail = "vacuum";
  }
  if (out.empty() && select) out.push_back(Make(Action::kSelect, ObjectKind::kNone, ""));
  if (out.empty()) {
    out.push_back(Make(Action::kOther, ObjectKind::kNone, ""));
    out.back().detail = "SQLite reported no action for this statement";
  }
  return out;
}

bool ChangesSchema(const std::vector<AuthAction>& actions) {
  for (const auto& a : actions) {
    if ((a.code >= SQLITE_CREATE_INDEX && a.code <= SQLITE_DROP_VIEW) || a.code == SQLITE_ALTER_TABLE ||
        a.code == SQLITE_CREATE_VTABLE || a.code == SQLITE_DROP_VTABLE) {
      return true;
    }
  }
  return false;
}

bool Alters(const std::vector<AuthAction>& actions) {
  for (const auto& a : actions) {
    if (a.code == SQLITE_ALTER_TABLE) return true;
  }
  return false;
}

std::vector<Effect> DescribeOne(sqlite3* db, const std::string& text) {
  std::vector<Token> tokens = Tokenize(text);
  std::vector<AuthAction> actions;
  sqlite3_stmt* stmt = nullptr;
  std::set<std::string> tried;
  for (;;) {
    actions.clear();
    sqlite3_set_authorizer(db, Record, &actions);
    int rc = sqlite3_prepare_v2(db, text.c_str(), static_cast<int>(text.size()), &stmt, nullptr);
    sqlite3_set_authorizer(db, nullptr, nullptr);
    if (rc == SQLITE_OK) break;
    std::string msg = sqlite3_errmsg(db);
    if (!tried.insert(msg).second || !Stub(db, msg, tokens)) {
      Effect e = Make(Action::kOpaque, ObjectKind::kNone, "");
      e.detail = "SQLite: " + msg;
      return {e};
    }
  }
  if (!stmt) return {};
  Catalog before, after;
  bool alters = Alters(actions);
  if (alters) before = ReadCatalog(db);
  if (ChangesSchema(actions)) {
    // Run it on the replica so later statements see the new schema.
    while (sqlite3_step(stmt) == SQLITE_ROW) {
    }
  }
  sqlite3_finalize(stmt);
  if (alters) after = ReadCatalog(db);
  return ToEffects(actions, tokens, before, after);
}

}  // namespace

Result<std::unique_ptr<SqliteReplica>> SqliteReplica::Open() {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return Fail(ErrorKind::kInternal, "cannot open an in-memory SQLite database");
  }
  return std::unique_ptr<SqliteReplica>(new SqliteReplica(db));
}

SqliteReplica::~SqliteReplica() { sqlite3_close(db_); }

Result<std::unique_ptr<SqliteReplica>> SqliteReplica::Clone() const {
  WB_ASSIGN(auto copy, Open());
  sqlite3_backup* b = sqlite3_backup_init(copy->db_, "main", db_, "main");
  if (!b) return Fail(ErrorKind::kInternal, std::string("cannot copy the schema replica: ") + sqlite3_errmsg(copy->db_));
  sqlite3_backup_step(b, -1);
  if (sqlite3_backup_finish(b) != SQLITE_OK) {
    return Fail(ErrorKind::kInternal, std::string("cannot copy the schema replica: ") + sqlite3_errmsg(copy->db_));
  }
  return copy;
}

Result<std::vector<sql::Statement>> SqliteReplica::Describe(std::string_view script) {
  WB_ASSIGN(auto pieces, SplitScript(Dialect::kSqlite, script));
  std::vector<sql::Statement> out;
  out.reserve(pieces.size());
  for (auto& p : pieces) {
    sql::Statement s;
    s.text = std::move(p.text);
    s.offset = p.offset;
    s.line = p.line;
    s.column = sql::ColumnOfOffset(script, p.offset);
    s.effects = DescribeOne(db_, s.text);
    // A statement SQLite cannot even parse makes the file unreadable, as on PostgreSQL.
    if (s.effects.size() == 1 && s.effects[0].action == sql::Action::kOpaque &&
        (s.effects[0].detail.find("syntax error") != std::string::npos ||
         s.effects[0].detail.find("incomplete input") != std::string::npos)) {
      return Fail(ErrorKind::kBadInput, "syntax error at line " + std::to_string(s.line) + ":" +
                                            std::to_string(s.column) + ": " + s.effects[0].detail.substr(8));
    }
    if (s.effects.empty()) continue;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace wayback::backend
