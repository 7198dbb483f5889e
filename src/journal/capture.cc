#include "journal/capture.h"

#include <cstdio>

#include <nlohmann/json.hpp>

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

// The guards kept on every captured table: TRUNCATE refused inside a run
// and, for a table without a key, every write inside a run.
Status InstallGuards(backend::Connection& conn, const TableInfo& t) {
  if (!t.Trackable()) {
    WB_ASSIGN(backend::Rows n, conn.Query(Q(conn, "refuse_installed"), {t.oid}));
    if (n.Text(0, 0) != "0") return {};
    return conn.Execute(Expand(Q(conn, "refuse_triggers"), {{"table", t.Quoted()}}));
  }
  WB_ASSIGN(backend::Rows n, conn.Query(Q(conn, "guard_installed"), {t.oid}));
  if (n.Text(0, 0) != "0") return {};
  return ExecuteScript(conn, Expand(Q(conn, "guard_triggers"), {{"table", t.Quoted()}}));
}

// Row-level capture of a trackable table, for session runs.
Status InstallRowCapture(backend::Connection& conn, const TableInfo& t) {
  std::string function = QuoteIdent(HashName("capture_", t.Label()));
  std::vector<std::string> old_key, new_key;
  for (const auto& k : t.key) {
    old_key.push_back("OLD." + QuoteIdent(k));
    new_key.push_back("NEW." + QuoteIdent(k));
  }
  // Replacing the function needs no table lock, so it is refreshed every time
  // (the key may have changed); the trigger is created if missing.
  WB_TRY(conn.Execute(Expand(Q(conn, "capture_function"), {{"function", function},
                                                            {"key_new", ObjectArgs(t.key, "NEW")},
                                                            {"key_old", ObjectArgs(t.key, "OLD")},
                                                            {"key_old_list", util::Join(old_key, ", ")},
                                                            {"key_new_list", util::Join(new_key, ", ")}})));
  WB_ASSIGN(backend::Rows n, conn.Query(Q(conn, "capture_installed"), {t.oid}));
  if (n.Text(0, 0) != "0") return {};
  return conn.Execute(Expand(Q(conn, "capture_triggers"), {{"table", t.Quoted()},
                                                           {"function", function},
                                                           {"token", QuoteLiteral(CaptureToken(t))}}));
}

// One short transaction per table: CREATE TRIGGER takes a SHARE ROW EXCLUSIVE
// lock, which should be held as briefly as possible.
template <typename F>
Status PerTable(backend::Connection& conn, const std::vector<TableInfo>& tables, F install) {
  for (const auto& t : tables) {
    WB_ASSIGN(auto tx, backend::Transaction::Begin(conn));
    WB_TRY(MapError(install(conn, t), [&](Error e) { return e.context("installing capture on " + t.Label()); }));
    WB_TRY(tx.Commit());
  }
  return {};
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
  return PerTable(conn, tables, InstallGuards);
}

Status InstallSessionCapture(backend::Connection& conn, const std::string& run_id,
                             const std::vector<TableInfo>& tables) {
  nlohmann::json labels = nlohmann::json::array();
  for (const auto& t : tables) {
    if (t.Trackable()) labels.push_back(t.Label());
  }
  // Recorded before the triggers exist: a run finishing meanwhile sees this
  // one and keeps the capture (ReleaseSessionCapture).
  WB_TRY(conn.Query(Q(conn, "set_captures"), {run_id, labels.dump()}));
  WB_TRY(InstallCapture(conn, tables));
  return PerTable(conn, tables, [](backend::Connection& c, const TableInfo& t) -> Status {
    return t.Trackable() ? InstallRowCapture(c, t) : Status{};
  });
}

Status ReleaseSessionCapture(backend::Connection& conn, const std::string& run_id) {
  WB_ASSIGN(backend::Rows rows, conn.Query(Q(conn, "get_captures"), {run_id}));
  auto labels = nlohmann::json::parse(rows.empty() ? "[]" : rows.Text(0, 0), nullptr, false);
  if (!labels.is_array()) return {};
  for (const auto& entry : labels) {
    if (!entry.is_string()) continue;
    std::string label = entry.get<std::string>();
    WB_ASSIGN(std::optional<TableInfo> t, FindTable(conn, label));
    if (!t) continue;
    WB_ASSIGN(auto tx, backend::Transaction::Begin(conn));
    // Not worth waiting long for: a capture left in place costs untracked
    // writes a little and is removed by the next run that finishes.
    WB_TRY(conn.Execute(Q(conn, "short_lock_timeout")));
    if (auto locked = conn.Execute(Expand(Q(conn, "lock_table"), {{"table", t->Quoted()}})); !locked) {
      WB_TRY(tx.Rollback());
      continue;
    }
    WB_ASSIGN(backend::Rows others, conn.Query(Q(conn, "still_captured"), {run_id, label}));
    if (others.Text(0, 0) == "0") WB_TRY(conn.Execute(Expand(Q(conn, "drop_capture"), {{"table", t->Quoted()}})));
    WB_TRY(tx.Commit());
  }
  return {};
}

std::string CaptureToken(const TableInfo& t) { return "|" + HashName("", t.Label()) + "|"; }

Status InstallTableCapture(backend::Connection& conn, const TableInfo& t) { return InstallSqlite(conn, t); }

Status DropTableCapture(backend::Connection& conn) {
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
