#include "journal/journal_store.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <cstdio>
#include <ctime>
#include <random>

#include "journal/run_source.h"
#include "journal/sql_text.h"
#include "migrate/named_queries.h"
#include "migrate/state_store.h"
#include "util/clock.h"

namespace wayback::journal {

const std::string& Q(backend::Connection& conn, std::string_view name) {
  return migrate::StageQuery("journal", conn.dialect(), name);
}

std::string NewRunId() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  static std::mt19937_64 rng(std::random_device{}() ^
                             static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", static_cast<unsigned>(rng() & 0xffff));
  return std::string("r") + stamp + "-" + suffix;
}

Result<bool> JournalStore::Exists() {
  WB_ASSIGN(backend::Rows rows, conn_.Query(Q(conn_, "exists")));
  return rows.Text(0, 0) != "0";
}

Status JournalStore::Ensure() {
  WB_ASSIGN(bool exists, Exists());
  if (!exists) {
    WB_ASSIGN(auto statements, backend::SplitScript(conn_.dialect(), Q(conn_, "create")));
    WB_ASSIGN(auto tx, backend::Transaction::Begin(conn_));
    for (const auto& s : statements) {
      WB_TRY(MapError(conn_.Execute(s.text), [](Error e) { return e.context("creating the wayback journal"); }));
    }
    WB_TRY(tx.Commit());
  }
  WB_ASSIGN(backend::Rows rows, conn_.Query(Q(conn_, "format_version")));
  int version = rows.empty() ? 0 : std::atoi(rows.Text(0, 0).c_str());
  if (version > kJournalFormatVersion) {
    return Fail(ErrorKind::kBadInput,
                "the journal in " + conn_.Describe() + " has format version " + std::to_string(version) +
                    ", newer than this wayback understands (" + std::to_string(kJournalFormatVersion) + ")",
                "upgrade wayback before running or undoing jobs on this target");
  }
  if (version < 1) {
    return Fail(ErrorKind::kDatabase, "the wayback journal in " + conn_.Describe() + " has no format version",
                "the journal tables were changed by hand; see docs/journal.md");
  }
  return {};
}

Result<RunInfo> JournalStore::Insert(const std::string& id, const std::string& label, const std::string& kind,
                                     const std::string& undoes) {
  std::string at = util::NowIso8601();
  std::string actor = util::CurrentActor();
  backend::Params p{id, label, kind, at, actor, undoes.empty() ? backend::Value{} : backend::Value{undoes}};
  WB_TRY(conn_.Query(Q(conn_, "insert_run"), p));
  RunInfo r;
  r.id = id;
  r.label = label;
  r.kind = kind;
  r.state = "open";
  r.started_at = at;
  r.actor = actor;
  r.undoes = undoes;
  return r;
}

Result<std::vector<std::pair<std::string, int64_t>>> JournalStore::RowsPerTable(const std::string& id) {
  std::vector<std::pair<std::string, int64_t>> out;
  if (conn_.dialect() == Dialect::kSqlite) {
    WB_ASSIGN(backend::Rows counts, conn_.Query(Q(conn_, "open_run_tables"), {id}));
    for (size_t c = 0; c < counts.size(); ++c) out.emplace_back(counts.Text(c, 0), std::atoll(counts.Text(c, 1).c_str()));
    return out;
  }
  // Distinct rows per table. A table written set-based by a single statement
  // needs no DISTINCT (a statement writes a row once): its count is stored.
  std::map<std::string, int64_t> by_row;
  std::map<std::string, std::pair<int64_t, int64_t>> by_statement;  // statements, rows
  WB_ASSIGN(backend::Rows rows, conn_.Query(Q(conn_, "row_counts"), {id}));
  for (size_t i = 0; i < rows.size(); ++i) by_row[rows.Text(i, 0)] = std::atoll(rows.Text(i, 1).c_str());
  WB_ASSIGN(rows, conn_.Query(Q(conn_, "statement_counts"), {id}));
  for (size_t i = 0; i < rows.size(); ++i) {
    by_statement[rows.Text(i, 0)] = {std::atoll(rows.Text(i, 1).c_str()), std::atoll(rows.Text(i, 2).c_str())};
  }
  std::map<std::string, int64_t> counts = by_row;
  std::vector<RunShadow> shadows;
  for (const auto& [tbl, st] : by_statement) {
    if (st.first == 1 && !by_row.count(tbl)) {
      counts[tbl] = st.second;
      continue;
    }
    if (shadows.empty()) {
      WB_ASSIGN(shadows, RunShadows(conn_, id));
    }
    std::map<std::string, std::string> v{{"source", JsonSource(shadows, "$1", tbl)}};
    WB_ASSIGN(backend::Rows n, conn_.Query(Expand(Q(conn_, "distinct_keys"), v), {id, tbl}));
    counts[tbl] = std::atoll(n.Text(0, 0).c_str());
  }
  for (auto& [tbl, n] : counts) out.emplace_back(tbl, n);
  return out;
}

Status JournalStore::Finish(const std::string& id, const std::string& status) {
  if (conn_.dialect() == Dialect::kSqlite) {
    return Discard(conn_.Query(Q(conn_, "finish_run"), {id, status, util::NowIso8601()}));
  }
  WB_ASSIGN(auto counts, RowsPerTable(id));
  nlohmann::json tables = nlohmann::json::object();
  for (const auto& [tbl, n] : counts) tables[tbl] = n;
  return Discard(conn_.Query(Q(conn_, "finish_run"), {id, status, util::NowIso8601(), tables.dump()}));
}

Status JournalStore::SetStatus(const std::string& id, const std::string& status) {
  return Discard(conn_.Query(Q(conn_, "set_status"), {id, status}));
}

Result<RunInfo> JournalStore::FromRow(const backend::Rows& rows, size_t i) {
  RunInfo r;
  r.id = rows.Text(i, 0);
  r.label = rows.Text(i, 1);
  r.kind = rows.Text(i, 2);
  r.state = rows.Text(i, 3);
  r.started_at = rows.Text(i, 4);
  r.finished_at = rows.Text(i, 5);
  r.actor = rows.Text(i, 6);
  r.undoes = rows.Text(i, 7);
  bool expired = rows.Text(i, 8) == "1";
  if (expired) r.state = "expired";
  if (r.state == "open") {
    // Still being written: count from the journal itself.
    WB_ASSIGN(r.tables, RowsPerTable(r.id));
    return r;
  }
  auto tables = nlohmann::json::parse(rows.Text(i, 9), nullptr, false);
  if (tables.is_object()) {
    for (auto& [name, n] : tables.items()) r.tables.emplace_back(name, n.is_number() ? n.get<int64_t>() : 0);
  }
  return r;
}

Result<std::optional<RunInfo>> JournalStore::Get(const std::string& id) {
  WB_ASSIGN(backend::Rows rows, conn_.Query(Q(conn_, "get_run"), {id}));
  if (rows.empty()) return std::optional<RunInfo>{};
  WB_ASSIGN(RunInfo r, FromRow(rows, 0));
  return std::optional<RunInfo>(std::move(r));
}

Result<std::vector<RunInfo>> JournalStore::List() {
  WB_ASSIGN(backend::Rows rows, conn_.Query(Q(conn_, "list_runs")));
  std::vector<RunInfo> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    WB_ASSIGN(RunInfo r, FromRow(rows, i));
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<std::string>> JournalStore::Tables(const std::string& id) {
  WB_ASSIGN(backend::Rows rows, conn_.Query(Q(conn_, "journal_tables"), {id}));
  std::vector<std::string> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(rows.Text(i, 0));
  return out;
}

Status RecordEvent(backend::Connection& conn, const std::string& kind, const std::string& run_id,
                   const std::string& detail, int64_t duration_ms) {
  migrate::StateStore state(conn);
  Event e;
  e.at = util::NowIso8601();
  e.kind = kind;
  e.name = run_id;
  e.actor = util::CurrentActor();
  e.detail = detail;
  e.duration_ms = duration_ms;
  return state.Record(e);
}

}  // namespace wayback::journal
