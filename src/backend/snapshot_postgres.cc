// PostgreSQL snapshot: the whole schema in one catalog query (one round trip),
// so a snapshot of a 500-table schema costs milliseconds, not seconds; and the
// tracker that keeps a snapshot current by re-reading only what changed.
#include <libpq-fe.h>

#include <algorithm>
#include <utility>
#include <memory>

#include "backend/postgres_connection.h"
#include "backend/schema_snapshot.h"
#include "util/text_array.h"

namespace wayback::embedded {
std::string_view sql(std::string_view name);
}

namespace wayback::backend {
namespace {

const std::string& SnapshotQuery() {
  static const std::string query(embedded::sql("backend/snapshot/postgres.sql"));
  return query;
}

// postgres.sql without the branches only a whole read runs: the executor sets
// up every node of the plan on each execution, and that set-up was most of
// the cost of a partial read.
const std::string& PartialSnapshotQuery() {
  static const std::string query = [] {
    const std::string& whole = SnapshotQuery();
    size_t cut = whole.find("-- END OF PARTIAL READ");
    return cut == std::string::npos ? whole : whole.substr(0, cut);
  }();
  return query;
}

// Runs `read` in a transaction of its own with planner settings for catalog
// reads, all in one round trip: no JIT (the catalog queries are large enough
// to cross jit_above_cost, and compiling them cost seconds where running them
// costs milliseconds) and, for a read of a few relations (`by_key`), index
// lookups only: the partial read is a generic plan that cannot know how few
// relations it is given and would otherwise scan pg_attribute, pg_depend and
// pg_type whole. Inside a caller's transaction the settings are left alone
// (SET LOCAL would outlive the read). wayback.changed_schema()
// (snapshot/postgres_prefetch.sql) carries the same settings as SET clauses.
Result<Rows> WithCatalogSettings(Connection& conn, bool by_key, const Step& read) {
  if (PQtransactionStatus(PostgresHandle(conn)) != PQTRANS_IDLE) {
    return read.prepared.empty() ? conn.Query(read.sql, read.params)
                                 : QueryPrepared(conn, read.prepared.c_str(), read.sql, read.params);
  }
  // set_config(…, true) is SET LOCAL: all of them in one statement.
  std::string settings = "SELECT pg_catalog.set_config('jit', 'off', true)";
  if (by_key) {
    for (const char* name : {"enable_seqscan", "enable_hashjoin", "enable_mergejoin"}) {
      settings += std::string(", pg_catalog.set_config('") + name + "', 'off', true)";
    }
  }
  std::vector<Step> steps{{"BEGIN", {}, ""}, {settings, {}, ""}};
  const size_t at = steps.size();
  steps.push_back(read);
  steps.push_back({"COMMIT", {}, ""});
  for (int attempt = 1;; ++attempt) {
    auto done = conn.RunSteps(steps);
    if (done) return std::move((*done)[at]);
    WB_TRY(conn.Rollback());
    // 26000: a script deallocated the prepared statement; it is prepared again.
    if (done.error().error.sqlstate() != "26000" || attempt == 2) return Fail(std::move(done.error().error));
  }
}

Result<Rows> ReadSchema(Connection& conn, const Value& relations) {
  Step read{relations ? PartialSnapshotQuery() : SnapshotQuery(), {relations},
            relations ? "wayback_snapshot_partial" : ""};
  return MapError(WithCatalogSettings(conn, relations.has_value(), read),
                  [&](Error e) { return e.context("reading the schema of " + conn.Describe()); });
}

// postgres_indexes.sql with the index branch of postgres.sql filled in.
const std::string& IndexesQuery() {
  static const std::string query = [] {
    const std::string& whole = SnapshotQuery();
    size_t from = whole.find("-- INDEX BRANCH");
    from = whole.find('\n', from) + 1;
    size_t to = whole.find("-- END OF INDEX BRANCH", from);
    std::string sql(embedded::sql("backend/snapshot/postgres_indexes.sql"));
    const std::string slot = "@INDEX BRANCH@\n";
    return sql.replace(sql.find(slot), slot.size(), whole.substr(from, to - from));
  }();
  return query;
}

// Rows of postgres.sql: (kind, name, attr, value, owner); kinds starting with
// '#' are markers: '#attrs' names the attributes of a branch (`attr` of an
// object row) in the order of its `value` array.
using AttrNames = std::map<std::string, std::vector<std::string>, std::less<>>;

// Adds the '#attrs' rows of `rows` to `names` (a read of indexes alone has
// none: the names of the whole read before it serve).
void AddNames(const Rows& rows, AttrNames& names) {
  for (const auto& r : rows.rows) {
    if (r[0] == "#attrs" && r[1] && r[3]) names[*r[1]] = util::TextArrayElements(*r[3]);
  }
}

// The columns of a read by relation, as (attnum, name): postgres.sql sends a
// column's attnum as its position, which is its rank among them.
using ColumnNumbers = std::map<int64_t, std::vector<std::pair<int, std::string>>>;

void RankColumns(SchemaSnapshot& snap, ColumnNumbers& columns) {
  for (auto& [owner, numbered] : columns) {
    std::sort(numbered.begin(), numbered.end());
    for (size_t i = 0; i < numbered.size(); ++i) {
      snap.Object("column", numbered[i].second).attrs["position"] = std::to_string(i + 1);
    }
  }
}

// Adds an object row to `snap`, and a column to `columns`. A NULL in its
// array means "not set": the attribute is absent, the object still exists.
Status AddRow(SchemaSnapshot& snap, const AttrNames& names, const std::vector<Value>& r, ColumnNumbers& columns) {
  auto branch = names.find(r[2].value_or(""));
  auto values = r[3] ? util::ParseTextArray(*r[3]) : std::nullopt;
  if (branch == names.end() || !values || values->size() != branch->second.size()) {
    return Fail(ErrorKind::kInternal, "the schema query gave a row this version cannot read: " + r[0].value_or("") +
                                          " " + r[1].value_or("") + " " + r[2].value_or("(no attributes)"));
  }
  SchemaObject& o = snap.Object(r[0].value_or(""), r[1].value_or(""));
  for (size_t i = 0; i < values->size(); ++i) {
    if ((*values)[i]) o.attrs[branch->second[i]] = std::move(*(*values)[i]);
  }
  if (r[0] == "column") {
    auto position = o.attrs.find("position");
    int attnum = position == o.attrs.end() ? 0 : std::atoi(position->second.c_str());
    columns[std::atoll(r[4].value_or("0").c_str())].emplace_back(attnum, o.name);
  }
  return {};
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
  AttrNames names;
  AddNames(rows, names);
  ColumnNumbers columns;
  for (const auto& r : rows.rows) {
    if (!r[0] || r[0]->starts_with("#")) continue;
    WB_TRY(AddRow(snap, names, r, columns));
  }
  RankColumns(snap, columns);
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
  AddNames(rows, names_);
  ColumnNumbers columns;  // a relation in `rows` comes with all its columns
  for (const auto& r : rows.rows) {
    if (!r[0] || r[0]->starts_with("#")) continue;
    std::string key = *r[0] + " " + r[1].value_or("");
    bool is_new = !snap_.objects.count(key);
    WB_TRY(AddRow(snap_, names_, r, columns));
    const auto& attrs = snap_.objects.find(key)->second->attrs;
    if (auto row = attrs.find("_row"); row != attrs.end()) objects_[row->second] = key;
    if (is_new) {
      owned_[std::atoll(r[4].value_or("0").c_str())].push_back(key);
      note_table(key);
    }
  }
  RankColumns(snap_, columns);
  return {};
}

Result<bool> SnapshotTracker::ListenForDdl() {
  if (conn_.dialect() != Dialect::kPostgres) return false;
  static const std::string listen(embedded::sql("backend/snapshot/postgres_listen.sql"));
  WB_TRY(conn_.Execute("BEGIN"));
  if (auto installed = conn_.Execute(listen); !installed) {
    WB_TRY(conn_.Execute("ROLLBACK"));
    // Only a superuser may create event triggers: go on reading the catalogs.
    if (installed.error().sqlstate() == "42501") return false;
    return Fail(std::move(installed).error().context("installing DDL event triggers on " + conn_.Describe()));
  }
  static const std::string prefetch = [] {
    std::string sql(embedded::sql("backend/snapshot/postgres_prefetch.sql"));
    auto fill = [&](const std::string& slot, std::string_view text) {
      sql.replace(sql.find(slot), slot.size(), text);
    };
    // In the function, the reads' parameters are the variables `owners` and `indexes`.
    auto with_parameter = [](std::string query, const std::string& variable) {
      for (size_t at; (at = query.find("$1")) != std::string::npos;) query.replace(at, 2, variable);
      return query;
    };
    fill("@PARTIAL@", with_parameter(PartialSnapshotQuery(), "owners"));
    fill("@INDEXES@", with_parameter(IndexesQuery(), "indexes"));
    return sql;
  }();
  if (auto installed = conn_.Execute(prefetch); !installed) {
    WB_TRY(conn_.Execute("ROLLBACK"));
    return Fail(std::move(installed).error().context("installing DDL event triggers on " + conn_.Describe()));
  }
  WB_TRY(conn_.Execute("COMMIT"));
  listening_ = true;
  return true;
}

// The catalog rows written since the last look (postgres_changes.sql).
Result<Rows> SnapshotTracker::CatalogChanges() {
  static const std::string changes(embedded::sql("backend/snapshot/postgres_changes.sql"));
  Params params{started_ ? Value(hi_) : std::nullopt};
  std::map<char, std::vector<std::string>> seen;
  for (const auto& [key, owner] : keys_) seen[key[0]].push_back(key.substr(1));
  for (char c : std::string("ckdtpr")) params.push_back(OidArray(seen[c]));
  params.push_back(TextArray(seen['m']));
  return MapError(WithCatalogSettings(conn_, false, {changes, params, "wayback_snapshot_changes"}), [&](Error e) {
    return e.context("reading what changed in the schema of " + conn_.Describe());
  });
}

std::optional<Step> SnapshotTracker::EventsStep() const {
  if (!listening_) return std::nullopt;
  // Not a prepared statement: it runs after the script's COMMIT, where a
  // script's DEALLOCATE ALL could no longer be undone; the function's own
  // queries keep their plans anyway.
  return Step{"SELECT kind, name, attr, value, owner FROM wayback.changed_schema()", {}, ""};
}

// Rows of postgres_prefetch.sql: the notes ('~', what, key, -, owner) become
// rows (what, key, owner), in the shape of postgres_changes.sql's; the rest
// is a partial read.
void SnapshotTracker::Prefetched(Rows rows) {
  Rows events, schema;
  for (auto& r : rows.rows) {
    if (r[0] == "~") {
      events.rows.push_back({std::move(r[1]), std::move(r[2]), std::move(r[4])});
    } else {
      schema.rows.push_back(std::move(r));
    }
  }
  prefetched_ = std::move(events);
  prefetched_schema_ = std::move(schema);
}

// The objects the DDL event triggers noted since the last look
// (wayback.changed_schema), unless a caller fetched them already.
Result<Rows> SnapshotTracker::EventChanges() {
  if (!prefetched_) {
    Step step = *EventsStep();
    WB_ASSIGN(Rows rows, MapError(conn_.Query(step.sql, step.params), [&](Error e) {
                return e.context("reading the DDL noted on " + conn_.Describe());
              }));
    Prefetched(std::move(rows));
  }
  Rows rows = std::move(*prefetched_);
  prefetched_.reset();
  return rows;
}

// Folds rows of postgres_changes.sql or of the DDL notes into `noted`.
void SnapshotTracker::Absorb(const Rows& rows, Noted& noted) {
  std::set<int64_t> live;  // relations with a catalog row written (an oid can be reused at once)
  auto touch = [&](int64_t owner) {
    if (owner == kGlobal) noted.full = true;
    if (owner >= 0) noted.owners.insert(owner);
  };
  for (const auto& r : rows.rows) {
    const std::string what = r[0].value_or("");
    const std::string key = r[1].value_or("");
    int64_t owner = r[2] ? std::atoll(r[2]->c_str()) : kGlobal;
    // 'i' is a pg_class row ('c') of an index that alone needs reading again.
    const std::string letter = what == "i" ? "c" : what;
    if (what == "hi") {
      hi_ = key;
    } else if (what == "sig" || what == "event sig") {
      std::string& last = signatures_[what];
      if (key != last) noted.full = true;
      last = key;
    } else if (what == "G") {
      noted.full = true;
    } else if (what == "-") {
      if (auto it = keys_.find(key); it != keys_.end()) {
        bool relation = key[0] == 'c' && it->second == std::atoll(key.c_str() + 1);
        auto object = objects_.find(key);
        if (!relation && object != objects_.end()) {
          // Nothing else of its table renders it: take it out alone.
          noted.dropped.emplace_back(it->second, object->second);
        } else {
          touch(it->second);
        }
        if (relation) noted.gone.insert(it->second);
        if (object != objects_.end()) objects_.erase(object);
        keys_.erase(it);
      }
    } else if (what == "o") {
      touch(owner);
      live.insert(owner);
    } else if (what == "i" && owner >= 0 && keys_.try_emplace(letter + key, owner).first->second == owner) {
      noted.indexes[std::atoll(key.c_str())] = owner;
      live.insert(owner);
    } else if (owner != -1) {  // a tracked row written since the last call
      auto [it, inserted] = keys_.try_emplace(letter + key, owner);
      if (!inserted) {
        touch(it->second);  // an oid reused by another relation's object: both change
        live.insert(it->second);
        it->second = owner;
      }
      touch(owner);
      live.insert(owner);
    }
  }
  for (int64_t o : live) noted.gone.erase(o);
}

// snap_ as a snapshot to hand out: the last one again when nothing `changed`.
// A copy costs a pointer per chunk of objects (schema_objects.h).
SnapshotPtr SnapshotTracker::Taken(bool changed) {
  if (changed || !taken_) taken_ = std::make_shared<const SchemaSnapshot>(snap_);
  return taken_;
}

namespace {

// The '#target' rows of a partial read into `into` (and its '#index' rows
// into `indexes`, when given); true when it asks for a whole read ('#global').
bool ReadTargets(const Rows& rows, std::set<int64_t>& into, std::set<int64_t>* indexes = nullptr) {
  bool global = false;
  for (const auto& r : rows.rows) {
    if (r[0] == "#global") global = true;
    if (r[0] == "#target") into.insert(std::atoll(r[1].value_or("0").c_str()));
    if (r[0] == "#index" && indexes) indexes->insert(std::atoll(r[1].value_or("0").c_str()));
  }
  return global;
}

}  // namespace

Result<SnapshotPtr> SnapshotTracker::Take() {
  changed_tables_.clear();
  all_changed_ = false;
  if (conn_.dialect() != Dialect::kPostgres) {
    all_changed_ = true;
    WB_ASSIGN(SchemaSnapshot snap, SnapshotSchema(conn_));
    return std::make_shared<const SchemaSnapshot>(std::move(snap));
  }
  Noted noted;
  noted.full = !started_;
  // The first look learns every catalog row's relation (which later drops
  // are resolved against); the catalogs are also read after a script the
  // event triggers may not have seen whole.
  if (!started_ || !listening_ || distrusted_) {
    WB_ASSIGN(Rows rows, CatalogChanges());
    Absorb(rows, noted);
  }
  std::optional<Rows> read_ahead;  // the server's partial read of what the notes name, if it made one
  if (listening_) {
    WB_ASSIGN(Rows rows, EventChanges());
    read_ahead = std::exchange(prefetched_schema_, std::nullopt);
    Absorb(rows, noted);
  }
  started_ = true;
  distrusted_ = false;
  if (noted.full) {
    WB_TRY(ReadAll());
    return Taken(true);
  }
  for (const auto& [owner, key] : noted.dropped) {
    snap_.objects.erase(key);
    if (auto it = owned_.find(owner); it != owned_.end()) std::erase(it->second, key);
  }
  // A dropped relation took everything of its own along, and what depended on
  // it was dropped too (and noted): its objects are removed without a read.
  std::set<int64_t> targets = noted.gone;
  std::vector<int64_t> to_read;
  for (int64_t o : noted.owners) {
    if (!noted.gone.count(o)) to_read.push_back(o);
  }
  // Indexes named alone are read alone, unless their relation is read whole.
  std::map<int64_t, int64_t> alone;
  for (const auto& [index, owner] : noted.indexes) {
    if (!noted.owners.count(owner)) alone.emplace(index, owner);
  }
  if (to_read.empty() && alone.empty()) {
    if (noted.owners.empty()) return Taken(!noted.dropped.empty());
    WB_TRY(Apply(Rows{}, targets));
    return Taken(true);
  }
  // The server's reads serve when they cover every relation and index to read again.
  std::set<int64_t> covered, covered_indexes;
  if (read_ahead && ReadTargets(*read_ahead, covered, &covered_indexes)) {
    WB_TRY(ReadAll());
    return Taken(true);
  }
  Rows partial;
  if (read_ahead && std::all_of(to_read.begin(), to_read.end(), [&](int64_t o) { return covered.count(o); }) &&
      std::all_of(alone.begin(), alone.end(), [&](const auto& index_owner) {
        return covered_indexes.count(index_owner.first) || covered.count(index_owner.second);
      })) {
    partial = std::move(*read_ahead);
  } else {
    // Only the server reads indexes alone (wayback.changed_schema): here
    // their relations are read whole.
    for (const auto& [index, owner] : alone) to_read.push_back(owner);
    alone.clear();
    std::vector<std::string> oids;
    for (int64_t o : to_read) oids.push_back(std::to_string(o));
    WB_ASSIGN(partial, ReadSchema(conn_, OidArray(oids)));
  }
  if (ReadTargets(partial, targets)) {
    WB_TRY(ReadAll());
    return Taken(true);
  }
  // An index read alone replaces its object of last time (it may have been renamed).
  for (const auto& [index, owner] : alone) {
    auto object = objects_.find("c" + std::to_string(index));
    if (targets.count(owner) || object == objects_.end()) continue;
    snap_.objects.erase(object->second);
    if (auto it = owned_.find(owner); it != owned_.end()) std::erase(it->second, object->second);
    objects_.erase(object);
  }
  WB_TRY(Apply(partial, targets));
  return Taken(true);
}

}  // namespace wayback::backend
