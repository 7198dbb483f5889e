#include "journal/table_info.h"

#include "journal/sql_text.h"
#include "migrate/named_queries.h"

namespace wayback::journal {
namespace {

const std::string& Q(backend::Connection& conn, std::string_view name) {
  return migrate::StageQuery("journal", conn.dialect(), name);
}

std::vector<std::string> FirstColumn(const backend::Rows& rows) {
  std::vector<std::string> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows.Text(i, 0));
  return out;
}

// SQLite: the primary key, else the first unique index over NOT NULL columns.
Result<std::vector<std::string>> SqliteKey(backend::Connection& conn, const std::string& table) {
  WB_ASSIGN(backend::Rows pk, conn.Query(Q(conn, "table_key"), {table}));
  if (!pk.empty()) return FirstColumn(pk);
  WB_ASSIGN(backend::Rows indexes, conn.Query(Q(conn, "unique_indexes"), {table}));
  for (size_t i = 0; i < indexes.size(); ++i) {
    WB_ASSIGN(backend::Rows cols, conn.Query(Q(conn, "index_columns"), {indexes.Text(i, 0), table}));
    bool usable = !cols.empty();
    for (size_t c = 0; c < cols.size(); ++c) {
      if (cols.Text(c, 0).empty() || cols.Text(c, 1) != "1") usable = false;  // expression or nullable
    }
    if (usable) return FirstColumn(cols);
  }
  return std::vector<std::string>{};
}

Result<TableInfo> Describe(backend::Connection& conn, const backend::Rows& rows, size_t i) {
  TableInfo t;
  t.schema = rows.Text(i, 0);
  t.name = rows.Text(i, 1);
  t.oid = rows.Text(i, 2);
  WB_ASSIGN(backend::Rows cols, conn.Query(Q(conn, "table_columns"), {t.oid}));
  if (conn.dialect() == Dialect::kSqlite) {
    t.columns = FirstColumn(cols);
    t.image_columns = t.columns;
    WB_ASSIGN(t.key, SqliteKey(conn, t.name));
  } else {
    for (size_t c = 0; c < cols.size(); ++c) {
      t.image_columns.push_back(cols.Text(c, 0));
      t.image_types.push_back(cols.Text(c, 1));
      if (cols.Text(c, 2) == "0") t.columns.push_back(cols.Text(c, 0));
      t.image_sizes.push_back(cols.Text(c, 3));
      t.image_equality.push_back(cols.Text(c, 4));
    }
    WB_ASSIGN(backend::Rows key, conn.Query(Q(conn, "table_key"), {t.oid}));
    t.key = FirstColumn(key);
  }
  return t;
}

}  // namespace

std::string TableInfo::Quoted() const {
  return schema.empty() ? QuoteIdent(name) : QuoteIdent(schema) + "." + QuoteIdent(name);
}

Result<std::vector<TableInfo>> ListTables(backend::Connection& conn) {
  WB_ASSIGN(backend::Rows rows, conn.Query(Q(conn, "list_tables")));
  std::vector<TableInfo> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    WB_ASSIGN(TableInfo t, Describe(conn, rows, i));
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::optional<TableInfo>> FindTable(backend::Connection& conn, const std::string& name) {
  std::string lookup = name;
  if (conn.dialect() == Dialect::kPostgres) {
    // A journal label "schema.table" is unquoted: quote each part so that
    // to_regclass reads mixed-case names exactly.
    size_t dot = name.find('.');
    lookup = dot == std::string::npos ? QuoteIdent(name)
                                      : QuoteIdent(name.substr(0, dot)) + "." + QuoteIdent(name.substr(dot + 1));
  }
  WB_ASSIGN(backend::Rows rows, conn.Query(Q(conn, "find_table"), {lookup}));
  if (rows.empty() && conn.dialect() == Dialect::kPostgres) {
    // As a user writes it: unquoted parts fold to lower case, search_path applies.
    WB_ASSIGN(rows, conn.Query(Q(conn, "find_table"), {name}));
  }
  if (rows.empty()) return std::optional<TableInfo>{};
  WB_ASSIGN(TableInfo t, Describe(conn, rows, 0));
  return std::optional<TableInfo>(std::move(t));
}

Error NoKeyError(const TableInfo& t) {
  return Error(ErrorKind::kBadInput,
               "table " + t.Label() + " has neither a primary key nor a unique NOT NULL key: wayback cannot "
               "journal its rows, so a run may not write to it")
      .with_hint("add a primary key (or a unique index over NOT NULL columns) to " + t.Label() +
                 ", or write to it outside the tracked run");
}

}  // namespace wayback::journal
