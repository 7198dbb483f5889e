#include "migrate/state_store.h"

#include <algorithm>

#include "backend/connection.h"
#include "migrate/named_queries.h"
#include "util/strings.h"

namespace wayback::migrate {

using backend::Params;
using backend::Value;

const std::string& StateStore::Sql(std::string_view name) const { return StateQuery(conn_.dialect(), name); }

Result<bool> StateStore::Exists() {
  WB_ASSIGN(backend::Rows rows, conn_.Query(Sql("exists")));
  return rows.Text(0, 0) != "0";
}

Status StateStore::Ensure() {
  WB_ASSIGN(bool exists, Exists());
  if (!exists) {
    WB_ASSIGN(auto statements, backend::SplitScript(conn_.dialect(), Sql("create")));
    WB_ASSIGN(auto tx, backend::Transaction::Begin(conn_));
    for (const auto& s : statements) {
      WB_TRY(MapError(conn_.Execute(s.text), [](Error e) { return e.context("creating wayback state"); }));
    }
    WB_TRY(tx.Commit());
  }
  WB_ASSIGN(backend::Rows rows, conn_.Query(Sql("format_version")));
  int version = rows.empty() ? 0 : std::atoi(rows.Text(0, 0).c_str());
  if (version > kStateFormatVersion) {
    return Fail(ErrorKind::kBadInput,
                "the state in " + conn_.Describe() + " has format version " + std::to_string(version) +
                    ", newer than this wayback understands (" + std::to_string(kStateFormatVersion) + ")",
                "upgrade wayback before deploying to this target");
  }
  if (version < 1) {
    return Fail(ErrorKind::kDatabase, "the wayback state in " + conn_.Describe() + " has no format version",
                "the wayback tables were changed by hand; see docs/state.md");
  }
  return {};
}

Result<std::vector<AppliedMigration>> StateStore::List() {
  WB_ASSIGN(bool exists, Exists());
  if (!exists) return std::vector<AppliedMigration>{};
  WB_ASSIGN(backend::Rows rows, conn_.Query(Sql("list_migrations")));
  std::vector<AppliedMigration> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) {
    AppliedMigration m;
    m.version = r[0].value_or("");
    m.name = r[1].value_or("");
    m.up_sql = r[2].value_or("");
    m.down_sql = r[3];
    m.up_checksum = r[4].value_or("");
    m.down_checksum = r[5];
    m.no_transaction = r[6].value_or("0") == "1";
    m.irreversible_reason = r[7];
    m.applied_at = r[8].value_or("");
    m.applied_by = r[9].value_or("");
    m.duration_ms = std::atoll(r[10].value_or("0").c_str());
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const AppliedMigration& a, const AppliedMigration& b) {
    return util::CompareVersions(a.version, b.version) < 0;
  });
  return out;
}

Result<bool> StateStore::IsApplied(const std::string& version) {
  WB_ASSIGN(backend::Rows rows, conn_.Query(Sql("is_applied"), {version}));
  return rows.Text(0, 0) != "0";
}

namespace {

Params MigrationParams(const AppliedMigration& m) {
  return {m.version,
           m.name,
           m.up_sql,
           m.down_sql,
           m.up_checksum,
           m.down_checksum,
           m.no_transaction ? "1" : "0",
           m.irreversible_reason,
           m.applied_at,
           m.applied_by,
           std::to_string(m.duration_ms)};
}

Params EventParams(const Event& e) {
  auto opt = [](const std::string& s) -> Value { return s.empty() ? Value{} : Value{s}; };
  return {e.at,
          e.kind,
          opt(e.version),
          opt(e.name),
          e.actor,
          e.statement_index ? Value{std::to_string(*e.statement_index)} : Value{},
          opt(e.error),
          opt(e.detail),
          e.duration_ms ? Value{std::to_string(*e.duration_ms)} : Value{}};
}

Params Concat(Params a, const Params& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

Status StateStore::Insert(const AppliedMigration& m) {
  return Discard(conn_.Query(Sql("insert_migration"), MigrationParams(m)));
}

std::optional<std::pair<std::string, Params>> StateStore::AppliedWrite(const AppliedMigration& m,
                                                                       const Event& e) const {
  if (conn_.dialect() != Dialect::kPostgres) return std::nullopt;
  return std::make_pair(Sql("record_apply"), Concat(MigrationParams(m), EventParams(e)));
}

std::optional<std::pair<std::string, Params>> StateStore::RolledBackWrite(const std::string& version,
                                                                          const Event& e) const {
  if (conn_.dialect() != Dialect::kPostgres) return std::nullopt;
  return std::make_pair(Sql("record_rollback"), Concat({version}, EventParams(e)));
}

Status StateStore::CommitApplied(backend::Transaction& tx, const AppliedMigration& m, const Event& e) {
  if (auto write = AppliedWrite(m, e)) return tx.CommitWith(write->first, write->second);
  WB_TRY(Insert(m));
  WB_TRY(Record(e));
  return tx.Commit();
}

Status StateStore::CommitRolledBack(backend::Transaction& tx, const std::string& version, const Event& e) {
  if (auto write = RolledBackWrite(version, e)) return tx.CommitWith(write->first, write->second);
  WB_TRY(Remove(version));
  WB_TRY(Record(e));
  return tx.Commit();
}

Status StateStore::Remove(const std::string& version) {
  return Discard(conn_.Query(Sql("delete_migration"), {version}));
}

Status StateStore::Record(const Event& e) {
  return Discard(conn_.Query(Sql("insert_event"), EventParams(e)));
}

backend::Step StateStore::RecordStep(const Event& e) const { return {Sql("insert_event"), EventParams(e), ""}; }

Result<std::vector<Event>> StateStore::Events() {
  WB_ASSIGN(bool exists, Exists());
  if (!exists) return std::vector<Event>{};
  WB_ASSIGN(backend::Rows rows, conn_.Query(Sql("list_events")));
  std::vector<Event> out;
  for (const auto& r : rows.rows) {
    Event e;
    e.id = std::atoll(r[0].value_or("0").c_str());
    e.at = r[1].value_or("");
    e.kind = r[2].value_or("");
    e.version = r[3].value_or("");
    e.name = r[4].value_or("");
    e.actor = r[5].value_or("");
    if (r[6]) e.statement_index = std::atoi(r[6]->c_str());
    e.error = r[7].value_or("");
    e.detail = r[8].value_or("");
    if (r[9]) e.duration_ms = std::atoll(r[9]->c_str());
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace wayback::migrate
