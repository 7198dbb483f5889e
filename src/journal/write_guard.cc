#include "journal/write_guard.h"

#include "journal/journal_store.h"

namespace wayback::journal {

template <typename F>
Result<backend::Rows> WriteGuard::Guarded(F run) {
  while (true) {
    WB_TRY(conn_.Execute(Q(conn_, "savepoint")));
    auto result = run();
    if (!result) return result;  // the caller rolls the transaction back
    WB_ASSIGN(backend::Rows written, conn_.Query(Q(conn_, "written_tables")));
    std::vector<const TableInfo*> missed;
    for (size_t i = 0; i < written.size(); ++i) {
      std::string oid = written.Text(i, 0);
      if (bulk_.Covers(oid) || handled_.count(oid)) continue;
      for (const auto& t : captured_) {
        if (t.oid == oid) missed.push_back(&t);
      }
    }
    if (missed.empty()) {
      WB_TRY(conn_.Execute(Q(conn_, "release_savepoint")));
      return result;
    }
    WB_TRY(conn_.Execute(Q(conn_, "rollback_savepoint")));
    for (const TableInfo* t : missed) {
      // Described again: an earlier statement may have changed its columns.
      WB_ASSIGN(std::optional<TableInfo> now, FindTable(conn_, t->Label()));
      if (now && now->Trackable()) WB_TRY(bulk_.Cover(*now));
      handled_.insert(t->oid);  // each table at most once: the loop ends
    }
  }
}

Status WriteGuard::Execute(std::string_view sql) {
  return Discard(Guarded([&]() -> Result<backend::Rows> {
    WB_TRY(conn_.Execute(sql));
    return backend::Rows{};
  }));
}

Result<backend::Rows> WriteGuard::Query(const std::string& sql, const backend::Params& params) {
  return Guarded([&] { return conn_.Query(sql, params); });
}

}  // namespace wayback::journal
