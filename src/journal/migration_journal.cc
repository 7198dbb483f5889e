#include "journal/migration_journal.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "journal/capture.h"
#include "journal/journal_store.h"
#include "journal/sql_text.h"
#include "journal/table_info.h"
#include "journal/table_vars.h"
#include "util/strings.h"

namespace wayback::journal {
namespace {

// The first keyword of a statement, past comments: DML writes rows.
bool IsDml(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i]))) {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      size_t nl = sql.find('\n', i);
      i = nl == std::string_view::npos ? sql.size() : nl + 1;
    } else if (sql.compare(i, 2, "/*") == 0) {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  size_t j = i;
  while (j < sql.size() && std::isalpha(static_cast<unsigned char>(sql[j]))) ++j;
  std::string word = util::ToLower(sql.substr(i, j - i));
  return word == "insert" || word == "update" || word == "delete" || word == "with" || word == "replace" ||
         word == "merge";
}

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
  WB_ASSIGN(auto tables, ListTables(conn_));
  for (const auto& t : tables) {
    if (!t.Trackable() || installed_.count(t.Label())) continue;
    WB_ASSIGN(bool added, InstallTableCapture(conn_, t));
    if (added) installed_.insert(t.Label());
  }
  return {};
}

Status MigrationRun::DropInstalled() {
  for (const auto& label : installed_) {
    WB_ASSIGN(std::optional<TableInfo> t, FindTable(conn_, label));
    if (t) WB_TRY(DropTableCapture(conn_, *t));
  }
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
  WB_TRY(conn.Query(Q(conn, "undo_collapse"), {*up}));
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
