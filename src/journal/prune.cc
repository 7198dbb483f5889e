// Retention: journal entries are kept for the window in wayback.toml
// (`[journal] retention`); prune removes older ones. A pruned run keeps its
// row in the runs table (with its per-table counts) and is shown as expired:
// it can no longer be undone.
#include "backend/connection.h"
#include "journal/bulk_capture.h"
#include "journal/journal_store.h"
#include "journal/run_source.h"
#include "journal/sql_text.h"
#include "migrate/state_store.h"
#include "util/clock.h"
#include "wayback/journal.h"

namespace wayback {

Result<PruneReport> Prune(const Target& target, int64_t retention_ms) {
  if (target.url.raw.empty()) return Fail(ErrorKind::kBadInput, "target '" + target.name + "' has no database");
  if (retention_ms < 0) return Fail(ErrorKind::kBadInput, "the retention window cannot be negative");
  WB_ASSIGN(auto conn, backend::Connect(target.url));
  journal::JournalStore store(*conn);
  PruneReport report;
  report.retention_ms = retention_ms;
  WB_ASSIGN(bool exists, store.Exists());
  if (!exists) return report;
  WB_TRY(store.Ensure());
  WB_TRY(migrate::StateStore(*conn).Ensure());
  util::Stopwatch watch;
  WB_ASSIGN(auto tx, backend::Transaction::Begin(*conn));
  WB_ASSIGN(backend::Rows ids, conn->Query(journal::Q(*conn, "prune_candidates"), {std::to_string(retention_ms)}));
  for (size_t i = 0; i < ids.size(); ++i) {
    std::string id = ids.Text(i, 0);
    WB_ASSIGN(backend::Rows removed, conn->Query(journal::Q(*conn, "prune_run"), {id}));
    if (conn->dialect() == Dialect::kSqlite) {
      WB_ASSIGN(removed, conn->Query(journal::Q(*conn, "changes")));
    }
    report.entries_removed += std::atoll(removed.Text(0, 0).c_str());
    if (conn->dialect() == Dialect::kPostgres) {
      // Its rows in shadow tables (set-based capture), then its statements.
      WB_ASSIGN(auto shadows, journal::RunShadows(*conn, id));
      for (const auto& s : shadows) {
        std::string sql = journal::Expand(journal::Q(*conn, "prune_shadow"), {{"shadow", journal::QuoteIdent(s.shadow)}});
        WB_ASSIGN(backend::Rows n, conn->Query(sql, {s.seqs}));
        report.entries_removed += std::atoll(n.Text(0, 0).c_str());
        if (!s.packed) continue;
        sql = journal::Expand(journal::Q(*conn, "prune_packed"),
                              {{"packed", journal::QuoteIdent(journal::PackedName(s.shadow))}});
        WB_ASSIGN(n, conn->Query(sql, {s.seqs}));
        report.entries_removed += std::atoll(n.Text(0, 0).c_str());
      }
      WB_TRY(conn->Query(journal::Q(*conn, "prune_statements"), {id}));
    }
    WB_TRY(conn->Query(journal::Q(*conn, "expire_run"), {id}));
    WB_ASSIGN(std::optional<RunInfo> run, store.Get(id));
    if (run) report.expired.push_back(std::move(*run));
  }
  if (!report.expired.empty()) {
    std::string detail = std::to_string(report.expired.size()) + " runs expired, " +
                         std::to_string(report.entries_removed) + " journal entries removed";
    WB_TRY(journal::RecordEvent(*conn, "prune", "", detail, watch.ElapsedMs()));
  }
  WB_TRY(tx.Commit());
  return report;
}

}  // namespace wayback
