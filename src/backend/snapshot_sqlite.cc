// SQLite snapshot. SQLite keeps each object's CREATE text as written (and
// rewrites it on RENAME), so tables are compared by what the pragmas report —
// columns, keys, foreign keys, indexes — plus the CHECK clauses and table
// options taken from the normalised text; views and triggers by their
// normalised text with the leading "CREATE … name" cut off.
#include <cctype>

#include "backend/schema_snapshot.h"
#include "util/strings.h"

namespace wayback::backend {
namespace {

// Collapses whitespace outside quotes and lowercases keywords outside quotes,
// so formatting and keyword case do not count as a difference.
std::string Normalize(std::string_view sql) {
  std::string out;
  char quote = 0;
  bool space = false;
  for (char c : sql) {
    if (quote) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      if (space && !out.empty()) out += ' ';
      space = false;
      quote = c == '[' ? ']' : c;
      out += c;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    bool punct = c == '(' || c == ')' || c == ',' || c == ';';
    if (space && !out.empty() && !punct && out.back() != '(') out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && (out.back() == ';' || out.back() == ' ')) out.pop_back();
  return out;
}

// The text after "CREATE [TEMP] VIEW|TRIGGER [IF NOT EXISTS] name": the body.
std::string BodyAfterName(const std::string& normalized, std::string_view keyword) {
  size_t k = normalized.find(keyword);
  if (k == std::string::npos) return normalized;
  size_t i = k + keyword.size();
  while (i < normalized.size() && normalized[i] == ' ') ++i;
  if (normalized.compare(i, 14, "if not exists ") == 0) i += 14;
  // Skip the (possibly quoted, possibly schema-qualified) name.
  while (i < normalized.size()) {
    char c = normalized[i];
    if (c == '"' || c == '`' || c == '[') {
      char close = c == '[' ? ']' : c;
      size_t end = normalized.find(close, i + 1);
      i = end == std::string::npos ? normalized.size() : end + 1;
    } else if (c == ' ' || c == '(') {
      break;
    } else {
      ++i;
    }
  }
  return std::string(util::Trim(std::string_view(normalized).substr(i)));
}

// Every CHECK (...) clause of a normalised CREATE TABLE, in order.
std::string Checks(const std::string& n) {
  std::string out;
  size_t pos = 0;
  while ((pos = n.find("check", pos)) != std::string::npos) {
    bool word_start = pos == 0 || !(std::isalnum(static_cast<unsigned char>(n[pos - 1])) || n[pos - 1] == '_');
    size_t open = n.find_first_not_of(' ', pos + 5);
    if (!word_start || open == std::string::npos || n[open] != '(') {
      pos += 5;
      continue;
    }
    int depth = 0;
    size_t i = open;
    char quote = 0;
    for (; i < n.size(); ++i) {
      char c = n[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')' && --depth == 0) {
        break;
      }
    }
    if (!out.empty()) out += "; ";
    out += n.substr(pos, i + 1 - pos);
    pos = i + 1;
  }
  return out;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<SchemaSnapshot> SnapshotSqlite(Connection& conn) {
  SchemaSnapshot snap;
  WB_ASSIGN(Rows objects, conn.Query("SELECT type, name, tbl_name, sql FROM sqlite_schema "
                                     "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                     "AND name NOT LIKE 'wayback\\_%' ESCAPE '\\' "
                                     "AND tbl_name NOT LIKE 'wayback\\_%' ESCAPE '\\'"));
  WB_ASSIGN(Rows options, conn.Query("SELECT name, wr, strict FROM pragma_table_list WHERE schema = 'main'"));
  std::map<std::string, std::pair<std::string, std::string>> table_options;
  for (size_t i = 0; i < options.size(); ++i) table_options[options.Text(i, 0)] = {options.Text(i, 1), options.Text(i, 2)};

  for (size_t i = 0; i < objects.size(); ++i) {
    std::string type = objects.Text(i, 0), name = objects.Text(i, 1), table = objects.Text(i, 2);
    std::string text = Normalize(objects.Text(i, 3));
    std::string q = QuoteIdent(name);
    if (type == "table") {
      SchemaObject& t = snap.Object("table", q);
      t.attrs["kind"] = "table";
      if (std::string c = Checks(text); !c.empty()) t.attrs["checks"] = c;
      if (text.find("autoincrement") != std::string::npos) t.attrs["autoincrement"] = "yes";
      if (table_options[name].first == "1") t.attrs["without rowid"] = "yes";
      if (table_options[name].second == "1") t.attrs["strict"] = "yes";
      WB_ASSIGN(Rows cols, conn.Query("SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden "
                                      "FROM pragma_table_xinfo(?1)", {name}));
      for (size_t c = 0; c < cols.size(); ++c) {
        SchemaObject& col = snap.Object("column", q + "." + QuoteIdent(cols.Text(c, 1)));
        col.attrs["position"] = std::to_string(c + 1);
        col.attrs["_name"] = cols.Text(c, 1);
        col.attrs["type"] = Upper(cols.Text(c, 2));
        if (cols.Text(c, 3) == "1") col.attrs["not null"] = "yes";
        if (cols.rows[c][4]) col.attrs["default"] = *cols.rows[c][4];
        if (cols.Text(c, 5) != "0") col.attrs["primary key"] = cols.Text(c, 5);
        std::string hidden = cols.Text(c, 6);
        if (hidden == "2" || hidden == "3") col.attrs["generated"] = hidden == "2" ? "virtual" : "stored";
        if (cols.rows[c][4] || cols.Text(c, 5) != "0") col.attrs["_default_any"] = "yes";
      }
      WB_ASSIGN(Rows fks, conn.Query("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete, match "
                                     "FROM pragma_foreign_key_list(?1) ORDER BY id, seq", {name}));
      for (size_t f = 0; f < fks.size(); ++f) {
        SchemaObject& fk = snap.Object("foreign key", q + ".fk" + fks.Text(f, 0));
        auto append = [&](const char* attr, const std::string& v, const char* sep) {
          std::string& cur = fk.attrs[attr];
          cur += (cur.empty() ? "" : sep) + v;
        };
        append("_cols", fks.Text(f, 3), "\x1f");
        append("_refcols", fks.Text(f, 4), "\x1f");
        fk.attrs["_reftable"] = QuoteIdent(fks.Text(f, 2));
        append("columns", fks.Text(f, 3), ", ");
        append("references", fks.Text(f, 2) + "." + fks.Text(f, 4), ", ");
        fk.attrs["on update"] = fks.Text(f, 5);
        fk.attrs["on delete"] = fks.Text(f, 6);
        fk.attrs["_type"] = "f";
      }
      WB_ASSIGN(Rows idx, conn.Query("SELECT l.name, l.\"unique\", l.origin, l.partial, "
                                     "(SELECT group_concat(coalesce(x.name, '<expr>'), char(31)) FROM "
                                     "(SELECT name FROM pragma_index_info(l.name) ORDER BY seqno) x) "
                                     "FROM pragma_index_list(?1) l", {name}));
      for (size_t k = 0; k < idx.size(); ++k) {
        std::string origin = idx.Text(k, 2);
        std::string columns = idx.Text(k, 4);
        // Indexes SQLite made for PRIMARY KEY / UNIQUE are named after their
        // position, not by the user: key them by their columns.
        std::string key = origin == "c" ? QuoteIdent(idx.Text(k, 0)) : q + "." + origin + "(" + columns + ")";
        if (origin == "c") continue;  // explicit indexes come from their own sqlite_schema row
        SchemaObject& o = snap.Object("key", key);
        o.attrs["unique"] = idx.Text(k, 1) == "1" ? "yes" : "no";
        o.attrs["_type"] = origin == "pk" ? "p" : "u";
        o.attrs["_cols"] = columns;
      }
    } else if (type == "index") {
      if (objects.rows[i][3] == std::nullopt) continue;  // automatic index: covered by its table's keys
      SchemaObject& o = snap.Object("index", q);
      o.attrs["table"] = QuoteIdent(table);
      o.attrs["definition"] = BodyAfterName(text, "index");
      WB_ASSIGN(Rows info, conn.Query("SELECT l.\"unique\", l.partial FROM pragma_index_list(?1) l WHERE l.name = ?2",
                                      {table, name}));
      if (!info.empty() && info.Text(0, 0) == "1") {
        o.attrs["_type"] = "u";
        WB_ASSIGN(Rows cols, conn.Query("SELECT group_concat(coalesce(name, '<expr>'), char(31)) FROM "
                                        "(SELECT name FROM pragma_index_info(?1) ORDER BY seqno)", {name}));
        o.attrs["_cols"] = cols.Text(0, 0);
        o.attrs["_table"] = QuoteIdent(table);
      }
    } else if (type == "view") {
      snap.Object("view", q).attrs["definition"] = BodyAfterName(text, "view");
    } else if (type == "trigger") {
      SchemaObject& o = snap.Object("trigger", q);
      o.attrs["table"] = QuoteIdent(table);
      o.attrs["definition"] = BodyAfterName(text, "trigger");
    }
  }
  return snap;
}

Result<SchemaSnapshot> SnapshotSchema(Connection& conn) {
  return conn.dialect() == Dialect::kPostgres ? SnapshotPostgres(conn) : SnapshotSqlite(conn);
}

}  // namespace wayback::backend
