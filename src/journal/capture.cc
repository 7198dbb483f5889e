#include "journal/capture.h"

#include <cstdio>

#include "journal/journal_store.h"
#include "journal/sql_text.h"
#include "util/hash.h"
#include "util/strings.h"

namespace wayback::journal {
namespace {

std::string HashName(const std::string& prefix, const std::string& label) {
  char hex[20];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(util::Fnv1a64(label)));
  return prefix + hex;
}

// "'k1', o."k1", 'k2', o."k2"" — arguments of json_object / jsonb_build_object.
std::string ObjectArgs(const std::vector<std::string>& cols, const std::string& alias) {
  std::vector<std::string> parts;
  for (const auto& c : cols) parts.push_back(QuoteLiteral(c) + ", " + alias + "." + QuoteIdent(c));
  return util::Join(parts, ", ");
}

Status ExecuteScript(backend::Connection& conn, const std::string& script) {
  WB_ASSIGN(auto statements, backend::SplitScript(conn.dialect(), script));
  for (const auto& s : statements) WB_TRY(conn.Execute(s.text));
  return {};
}

Status InstallPostgres(backend::Connection& conn, const TableInfo& t) {
  if (!t.Trackable()) {
    WB_ASSIGN(backend::Rows n, conn.Query(Q(conn, "refuse_installed"), {t.oid}));
    if (n.Text(0, 0) != "0") return {};
    return conn.Execute(Expand(Q(conn, "refuse_triggers"), {{"table", t.Quoted()}}));
  }
  std::string function = QuoteIdent(HashName("capture_", t.Label()));
  std::vector<std::string> on, join;
  for (const auto& k : t.key) {
    on.push_back(QuoteLiteral(k) + ", coalesce(o." + QuoteIdent(k) + ", n." + QuoteIdent(k) + ")");
    join.push_back("o." + QuoteIdent(k) + " = n." + QuoteIdent(k));
  }
  // Replacing the function needs no table lock, so it is refreshed every time
  // (the key may have changed); the triggers are created once.
  WB_TRY(conn.Execute(Expand(Q(conn, "capture_function"), {{"function", function},
                                                            {"key_object_n", ObjectArgs(t.key, "n")},
                                                            {"key_object_o", ObjectArgs(t.key, "o")},
                                                            {"key_object_on", util::Join(on, ", ")},
                                                            {"key_join_on", util::Join(join, " AND ")}})));
  WB_ASSIGN(backend::Rows n, conn.Query(Q(conn, "capture_installed"), {t.oid}));
  if (n.Text(0, 0) != "0") return {};
  return ExecuteScript(conn, Expand(Q(conn, "capture_triggers"), {{"table", t.Quoted()}, {"function", function}}));
}

Status InstallSqlite(backend::Connection& conn, const TableInfo& t) {
  std::string prefix = HashName("wayback_cap_", t.Label());
  if (!t.Trackable()) {
    return ExecuteScript(conn, Expand(Q(conn, "refuse_triggers"),
                                      {{"prefix", prefix},
                                       {"table", t.Quoted()},
                                       {"message", QuoteLiteral(NoKeyError(t).message())}}));
  }
  std::vector<std::string> same;
  for (const auto& k : t.key) same.push_back("OLD." + QuoteIdent(k) + " IS NEW." + QuoteIdent(k));
  return ExecuteScript(conn, Expand(Q(conn, "capture_triggers"), {{"prefix", prefix},
                                                                  {"table", t.Quoted()},
                                                                  {"label", QuoteLiteral(t.Label())},
                                                                  {"key_new", ObjectArgs(t.key, "NEW")},
                                                                  {"key_old", ObjectArgs(t.key, "OLD")},
                                                                  {"cols_new", ObjectArgs(t.columns, "NEW")},
                                                                  {"cols_old", ObjectArgs(t.columns, "OLD")},
                                                                  {"key_same", util::Join(same, " AND ")}}));
}

}  // namespace

Status InstallCapture(backend::Connection& conn, const std::vector<TableInfo>& tables) {
  if (conn.dialect() == Dialect::kSqlite) {
    WB_TRY(ExecuteScript(conn, Q(conn, "capture_session")));
    for (const auto& t : tables) WB_TRY(InstallSqlite(conn, t));
    return {};
  }
  // One short transaction per table: CREATE TRIGGER takes a SHARE ROW
  // EXCLUSIVE lock, which should be held as briefly as possible.
  for (const auto& t : tables) {
    WB_ASSIGN(auto tx, backend::Transaction::Begin(conn));
    WB_TRY(MapError(InstallPostgres(conn, t), [&](Error e) { return e.context("installing capture on " + t.Label()); }));
    WB_TRY(tx.Commit());
  }
  return {};
}

Result<bool> InstallTableCapture(backend::Connection& conn, const TableInfo& t) {
  if (conn.dialect() == Dialect::kSqlite) {
    WB_TRY(InstallSqlite(conn, t));
    return true;
  }
  WB_ASSIGN(backend::Rows n, conn.Query(Q(conn, "capture_installed"), {t.oid}));
  if (n.Text(0, 0) != "0") return false;
  WB_TRY(InstallPostgres(conn, t));
  return true;
}

Status DropTableCapture(backend::Connection& conn, const TableInfo& t) {
  if (conn.dialect() == Dialect::kPostgres) return conn.Execute(Expand(Q(conn, "drop_capture"), {{"table", t.Quoted()}}));
  WB_ASSIGN(backend::Rows triggers, conn.Query(Q(conn, "temp_triggers")));
  for (size_t i = 0; i < triggers.size(); ++i) {
    WB_TRY(conn.Execute("DROP TRIGGER IF EXISTS temp." + QuoteIdent(triggers.Text(i, 0))));
  }
  return {};
}

Status MarkSession(backend::Connection& conn, const std::string& run_id, bool transaction_local) {
  if (conn.dialect() == Dialect::kSqlite) {
    WB_TRY(conn.Execute("DELETE FROM temp.wayback_session"));
    return Discard(conn.Query(Q(conn, "mark_session"), {run_id}));
  }
  if (transaction_local) return Discard(conn.Query(Q(conn, "mark_session"), {run_id}));
  return Discard(conn.Query("SELECT set_config('wayback.run', $1, false)", {run_id}));
}

Status ClearSession(backend::Connection& conn) {
  if (conn.dialect() == Dialect::kPostgres) return Discard(conn.Query(Q(conn, "clear_session")));
  WB_ASSIGN(backend::Rows triggers, conn.Query(Q(conn, "temp_triggers")));
  for (size_t i = 0; i < triggers.size(); ++i) {
    WB_TRY(conn.Execute("DROP TRIGGER IF EXISTS temp." + QuoteIdent(triggers.Text(i, 0))));
  }
  return conn.Execute("DELETE FROM temp.wayback_session");
}

Result<std::vector<TableInfo>> ResolveTables(backend::Connection& conn, const std::vector<std::string>& names) {
  if (names.empty()) return ListTables(conn);
  std::vector<TableInfo> out;
  for (const auto& name : names) {
    WB_ASSIGN(std::optional<TableInfo> t, FindTable(conn, name));
    if (!t) {
      return Fail(ErrorKind::kBadInput, "no table '" + name + "' in " + conn.Describe(),
                  "name a table that exists (schema.table on PostgreSQL)");
    }
    if (!t->Trackable()) return Fail(NoKeyError(*t));
    out.push_back(std::move(*t));
  }
  return out;
}

}  // namespace wayback::journal
