#include "journal/migration_journal.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "journal/bulk_capture.h"
#include "journal/capture.h"
#include "journal/run_source.h"
#include "journal/statement_targets.h"
#include "journal/journal_store.h"
#include "journal/sql_text.h"
#include "journal/table_info.h"
#include "journal/table_vars.h"
#include "util/strings.h"

namespace wayback::journal {
namespace {

Result<std::set<std::string>> Keys(backend::Connection& conn, std::string_view query, const std::string& label) {
  WB_ASSIGN(backend::Rows rows, conn.Query(Q(conn, query), {label}));
  std::set<std::string> out;
  for (size_t i = 0; i < rows.size(); ++i) out.insert(rows.Text(i, 0));
  return out;
}

// The journal tables are checked once per database per process: the deploy
// loop would otherwise ask before every migration.
Result<bool> JournalExists(backend::Connection& conn) {
  static std::set<std::string> known;
  if (known.count(conn.Describe())) return true;
  WB_ASSIGN(bool exists, JournalStore(conn).Exists());
  if (exists) known.insert(conn.Describe());
  return exists;
}

}  // namespace

Result<std::optional<std::string>> FindUpRun(backend::Connection& conn, const std::string& migration_id) {
  WB_ASSIGN(bool exists, JournalExists(conn));
  if (!exists) return std::optional<std::string>{};
  WB_ASSIGN(backend::Rows rows, conn.Query(Q(conn, "migration_run"), {migration_id + " (up)"}));
  if (rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(rows.Text(0, 0));
}

Result<std::map<std::string, std::string>> FindUpRuns(backend::Connection& conn) {
  std::map<std::string, std::string> out;
  WB_ASSIGN(bool exists, JournalExists(conn));
  if (!exists) return out;
  WB_ASSIGN(backend::Rows rows, conn.Query(Q(conn, "migration_up_runs")));
  const std::string suffix = " (up)";
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string label = rows.Text(i, 0);
    if (label.size() <= suffix.size() || label.compare(label.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    out[label.substr(0, label.size() - suffix.size())] = rows.Text(i, 1);  // later runs win
  }
  return out;
}

namespace {

Status ExecuteAll(backend::Connection& conn, const std::string& script) {
  WB_ASSIGN(auto statements, backend::SplitScript(conn.dialect(), script));
  for (const auto& s : statements) WB_TRY(conn.Execute(s.text));
  return {};
}

Status Classify(backend::Connection& conn, const std::string& label) {
  WB_ASSIGN(std::optional<TableInfo> t, FindTable(conn, label));
  if (!t || !t->Trackable()) return {};
  auto vars = TableVars(*t, conn.dialect());
  WB_ASSIGN(std::set<std::string> after_keys, Keys(conn, "after_keys", label));
  std::set<std::string> now(t->columns.begin(), t->columns.end());
  if (conn.dialect() == Dialect::kPostgres) {
    nlohmann::json gone = nlohmann::json::array();
    for (const auto& k : after_keys) {
      if (!now.count(k)) gone.push_back(k);
    }
    return Discard(conn.Query(Expand(Q(conn, "migration_classify"), vars), {label, gone.dump()}));
  }
  std::vector<std::string> same;
  for (const auto& k : after_keys) {
    if (now.count(k)) same.push_back("json_extract(wb_undo.after, " + JsonPath(k) + ") IS t." + QuoteIdent(k));
  }
  vars["same_as_after"] = same.empty() ? "1" : util::Join(same, " AND ");
  return Discard(conn.Query(Expand(Q(conn, "migration_classify"), vars), {label}));
}

}  // namespace

Result<std::unique_ptr<MigrationRun>> MigrationRun::Begin(backend::Connection& conn, const std::string& label) {
  WB_ASSIGN(bool exists, JournalExists(conn));
  if (!exists) WB_TRY(JournalStore(conn).Ensure());
  return std::unique_ptr<MigrationRun>(new MigrationRun(conn, label));
}

Status MigrationRun::Open() {
  WB_TRY(InstallCapture(conn_, {}));  // SQLite: the session table the TEMP triggers read
  std::string id = NewRunId();
  WB_TRY(JournalStore(conn_).Insert(id, label_, "migration", ""));
  // Local to the migration's transaction: nothing to clear after it ends.
  WB_TRY(MarkSession(conn_, id, true));
  id_ = id;
  return {};
}

Status MigrationRun::BeforeStatement(const sql::ScriptStatement& statement) {
  if (!IsDml(statement.text)) {
    // SQLite checks TEMP triggers on DDL (DROP COLUMN fails if one names the
    // column): they exist only while DML runs.
    if (conn_.dialect() == Dialect::kSqlite) return DropInstalled();
    return {};
  }
  if (id_.empty()) WB_TRY(Open());
  return CoverTables();
}

Status MigrationRun::BeforeRestore() {
  if (id_.empty() || conn_.dialect() != Dialect::kPostgres) return {};
  return CoverTables();
}

Status MigrationRun::CoverTables() {
  WB_ASSIGN(auto tables, ListTables(conn_));
  for (const auto& t : tables) {
    if (!t.Trackable()) continue;
    if (conn_.dialect() == Dialect::kPostgres) {
      // Refreshed when an earlier statement changed the table's columns.
      WB_TRY(bulk_.Cover(t));
    } else if (!installed_.count(t.Label())) {
      WB_TRY(InstallTableCapture(conn_, t));
      installed_.insert(t.Label());
    }
  }
  return {};
}

Status MigrationRun::DropInstalled() {
  if (conn_.dialect() == Dialect::kPostgres) return bulk_.Release();
  if (!installed_.empty()) WB_TRY(DropTableCapture(conn_));
  installed_.clear();
  return {};
}

Status MigrationRun::BeforeCommit() {
  WB_TRY(DropInstalled());
  if (id_.empty()) return {};
  // The run commits or rolls back with the migration; the session mark was
  // local to its transaction (SQLite's TEMP mark is cleared by End).
  return JournalStore(conn_).Finish(id_, "done");
}

Status MigrationRun::End(bool /*ok*/) {
  installed_.clear();  // a failed transaction took its triggers with it
  bulk_.Forget();
  if (!id_.empty() && conn_.dialect() == Dialect::kSqlite) {
    // SQLite's TEMP state is per connection; clear it whatever the outcome.
    return ClearSession(conn_);
  }
  return {};
}

bool MigrationRun::NeedsHook(Dialect dialect, const sql::ScriptStatement& statement) {
  return dialect == Dialect::kSqlite || IsDml(statement.text);
}

Status PrepareDownRestore(backend::Connection& conn, const std::string& up_run) {
  const std::string* up = &up_run;
  WB_TRY(ExecuteAll(conn, Q(conn, "undo_prepare")));
  std::map<std::string, std::string> vars;
  if (conn.dialect() == Dialect::kPostgres) {
    WB_ASSIGN(auto shadows, RunShadows(conn, *up));
    vars["source"] = JsonSource(shadows, "$1");
  }
  WB_TRY(conn.Query(Expand(Q(conn, "undo_collapse"), vars), {*up}));
  WB_ASSIGN(auto labels, JournalStore(conn).Tables(*up));
  for (const auto& label : labels) WB_TRY(Classify(conn, label));
  return {};
}

Result<int64_t> RestoreAfterDown(backend::Connection& conn, const std::string& up_run) {
  const std::string* up = &up_run;
  WB_ASSIGN(auto labels, JournalStore(conn).Tables(*up));
  int64_t restored = 0;
  for (const auto& label : labels) {
    WB_ASSIGN(std::optional<TableInfo> t, FindTable(conn, label));
    if (!t || !t->Trackable()) continue;
    WB_ASSIGN(std::set<std::string> before_keys, Keys(conn, "before_keys", label));
    std::vector<std::string> set;
    for (const auto& c : t->columns) {
      if (!before_keys.count(c) || std::find(t->key.begin(), t->key.end(), c) != t->key.end()) continue;
      std::string qc = QuoteIdent(c);
      set.push_back(qc + " = " +
                    (conn.dialect() == Dialect::kPostgres ? "(r.wb_row)." + qc
                                                          : "json_extract(r.before, " + JsonPath(c) + ")"));
    }
    if (set.empty()) continue;
    auto vars = TableVars(*t, conn.dialect());
    vars["set_list"] = util::Join(set, ", ");
    WB_ASSIGN(backend::Rows rows, conn.Query(Expand(Q(conn, "migration_restore"), vars), {label}));
    if (conn.dialect() == Dialect::kSqlite) {
      WB_ASSIGN(rows, conn.Query(Q(conn, "changes")));
    }
    restored += std::atoll(rows.Text(0, 0).c_str());
  }
  return restored;
}

}  // namespace wayback::journal
