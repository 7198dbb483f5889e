// PostgreSQL snapshot: the whole schema in one catalog query (one round trip),
// so a snapshot of a 500-table schema costs milliseconds, not seconds; and the
// tracker that keeps a snapshot current by re-reading only what changed.
#include <libpq-fe.h>

#include <memory>

#include "backend/postgres_connection.h"
#include "backend/schema_snapshot.h"

namespace wayback::embedded {
std::string_view sql(std::string_view name);
}

namespace wayback::backend {
namespace {

const std::string& SnapshotQuery() {
  static const std::string query(embedded::sql("backend/snapshot/postgres.sql"));
  return query;
}

// Runs `sql` as a server-side prepared statement `name`, prepared on first
// use, so that the large catalog queries run after every script are planned
// once, not each time. Any failure (the statement was discarded, a real
// error) falls back to an ordinary query, which re-plans and reports errors
// the usual way.
Result<Rows> QueryPrepared(Connection& conn, const char* name, const std::string& sql, const Params& params) {
  PGconn* pg = PostgresHandle(conn);
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;
  auto exec = [&] {
    return ResultPtr(PQexecPrepared(pg, name, static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0),
                     PQclear);
  };
  ResultPtr res = exec();
  if (PQresultStatus(res.get()) != PGRES_TUPLES_OK) {
    const char* state = PQresultErrorField(res.get(), PG_DIAG_SQLSTATE);
    if (!state || std::string(state) != "26000") return conn.Query(sql, params);
    ResultPtr prepared(PQprepare(pg, name, sql.c_str(), static_cast<int>(values.size()), nullptr), PQclear);
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) return conn.Query(sql, params);
    res = exec();
    if (PQresultStatus(res.get()) != PGRES_TUPLES_OK) return conn.Query(sql, params);
  }
  return RowsOf(res.get());
}

Result<Rows> ReadSchema(Connection& conn, const Value& relations) {
  auto rows = relations ? QueryPrepared(conn, "wayback_snapshot_partial", SnapshotQuery(), {relations})
                        : conn.Query(SnapshotQuery(), {relations});
  return MapError(std::move(rows), [&](Error e) { return e.context("reading the schema of " + conn.Describe()); });
}

// Rows of postgres.sql: (kind, name, attr, value, owner); kinds starting with
// '#' are markers of a partial read.
void AddRow(SchemaSnapshot& snap, const std::vector<Value>& r) {
  SchemaObject& o = snap.Object(r[0].value_or(""), r[1].value_or(""));
  // A NULL value means "not set": the attribute is absent, the object still exists.
  if (r[3]) o.attrs[r[2].value_or("")] = *r[3];
}

std::string OidArray(const std::vector<std::string>& oids) {
  std::string out = "{";
  for (size_t i = 0; i < oids.size(); ++i) out += (i ? "," : "") + oids[i];
  return out + "}";
}

// A description key "classoid/objoid/objsubid" as an element of a text[] literal.
std::string TextArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ",\"" : "\"") + items[i] + "\"";
  return out + "}";
}

}  // namespace

Result<SchemaSnapshot> SnapshotPostgres(Connection& conn) {
  WB_ASSIGN(Rows rows, ReadSchema(conn, std::nullopt));
  SchemaSnapshot snap;
  for (const auto& r : rows.rows) {
    if (!r[0] || r[0]->starts_with("#")) continue;
    AddRow(snap, r);
  }
  return snap;
}

Status SnapshotTracker::ReadAll() {
  WB_ASSIGN(Rows rows, ReadSchema(conn_, std::nullopt));
  snap_ = SchemaSnapshot();
  owned_.clear();
  WB_TRY(Apply(rows, {}));
  all_changed_ = true;
  return {};
}

// Adds the rows of a read to the snapshot; with `targets`, the objects of
// those relations are first removed (they are read again in `rows`).
Status SnapshotTracker::Apply(const Rows& rows, const std::set<int64_t>& targets) {
  auto note_table = [&](const std::string& key) {
    if (key.starts_with("table ")) changed_tables_.insert(key.substr(6));
  };
  for (int64_t t : targets) {
    auto it = owned_.find(t);
    if (it == owned_.end()) continue;
    for (const auto& key : it->second) {
      note_table(key);
      snap_.objects.erase(key);
    }
    owned_.erase(it);
  }
  for (const auto& r : rows.rows) {
    if (!r[0] || r[0]->starts_with("#")) continue;
    std::string key = *r[0] + " " + r[1].value_or("");
    bool is_new = !snap_.objects.count(key);
    AddRow(snap_, r);
    if (is_new) {
      owned_[std::atoll(r[4].value_or("0").c_str())].push_back(key);
      note_table(key);
    }
  }
  return {};
}

Result<SchemaSnapshot> SnapshotTracker::Take() {
  changed_tables_.clear();
  all_changed_ = false;
  if (conn_.dialect() != Dialect::kPostgres) {
    all_changed_ = true;
    return SnapshotSchema(conn_);
  }
  static const std::string changes(embedded::sql("backend/snapshot/postgres_changes.sql"));
  Params params{started_ ? Value(hi_) : std::nullopt};
  std::map<char, std::vector<std::string>> seen;
  for (const auto& [key, owner] : keys_) seen[key[0]].push_back(key.substr(1));
  for (char c : std::string("ckdtpr")) params.push_back(OidArray(seen[c]));
  params.push_back(TextArray(seen['m']));
  WB_ASSIGN(Rows rows, MapError(QueryPrepared(conn_, "wayback_snapshot_changes", changes, params), [&](Error e) {
              return e.context("reading what changed in the schema of " + conn_.Describe());
            }));
  bool full = !started_;
  std::set<int64_t> owners;
  auto touch = [&](int64_t owner) {
    if (owner == kGlobal) full = true;
    if (owner >= 0) owners.insert(owner);
  };
  for (const auto& r : rows.rows) {
    const std::string what = r[0].value_or("");
    const std::string key = r[1].value_or("");
    int64_t owner = r[2] ? std::atoll(r[2]->c_str()) : kGlobal;
    if (what == "hi") {
      hi_ = key;
    } else if (what == "sig") {
      if (key != sig_) full = true;
      sig_ = key;
    } else if (what == "G") {
      full = true;
    } else if (what == "-") {
      if (auto it = keys_.find(key); it != keys_.end()) {
        touch(it->second);
        keys_.erase(it);
      }
    } else if (what == "o") {
      touch(owner);
    } else if (owner != -1) {  // a tracked row written since the last call
      auto [it, inserted] = keys_.try_emplace(what + key, owner);
      if (!inserted) {
        touch(it->second);  // an oid reused by another relation's object: both change
        it->second = owner;
      }
      touch(owner);
    }
  }
  started_ = true;
  if (full) {
    WB_TRY(ReadAll());
    return snap_;
  }
  if (owners.empty()) return snap_;
  std::vector<std::string> oids;
  for (int64_t o : owners) oids.push_back(std::to_string(o));
  WB_ASSIGN(Rows partial, ReadSchema(conn_, OidArray(oids)));
  std::set<int64_t> targets;
  for (const auto& r : partial.rows) {
    if (r[0] == "#global") full = true;
    if (r[0] == "#target") targets.insert(std::atoll(r[1].value_or("0").c_str()));
  }
  if (full) {
    WB_TRY(ReadAll());
    return snap_;
  }
  WB_TRY(Apply(partial, targets));
  return snap_;
}

}  // namespace wayback::backend
