// Reads a database's schema into the canonical model of wayback/snapshot.h,
// leaving out wayback's own state (schema `wayback` on PostgreSQL, tables
// `wayback_*` on SQLite) and objects that belong to extensions.
//
// PostgreSQL: one catalog query (src/backend/snapshot/postgres.sql), so a
// 500-table schema takes one round trip. SQLite: sqlite_schema plus the
// table_xinfo / index_list / index_xinfo / foreign_key_list pragmas.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "backend/connection.h"
#include "util/sql_quote.h"
#include "wayback/snapshot.h"

namespace wayback::backend {

Result<SchemaSnapshot> SnapshotSchema(Connection& conn);

// A snapshot that is never changed once taken, shared by whoever holds it.
using SnapshotPtr = std::shared_ptr<const SchemaSnapshot>;

// Engine parts of SnapshotSchema.
Result<SchemaSnapshot> SnapshotPostgres(Connection& conn);
Result<SchemaSnapshot> SnapshotSqlite(Connection& conn);

// Keeps one connection's snapshot up to date cheaply. On PostgreSQL, after a
// first full read, each Take() learns which relations changed since the last
// call and re-reads only those, plus the relations whose rendered definitions
// name one of them; anything that is not one relation's (schemas, functions,
// types, settings, …) makes it read everything again. What changed comes from
// one of two sources:
//  - the catalogs: which of their rows were written or removed since the last
//    call (src/backend/snapshot/postgres_changes.sql), a scan of pg_class,
//    pg_attribute, pg_depend and a dozen more — milliseconds on a large schema;
//  - after ListenForDdl(), the objects every DDL command reported to event
//    triggers (postgres_listen.sql, postgres_prefetch.sql) — next to nothing.
//    Event triggers do not fire for everything that can change the catalogs
//    (CLUSTER, a failed CREATE INDEX CONCURRENTLY, catalog writes from a DO
//    block…): the caller says so with DistrustEvents() and the next Take()
//    also asks the catalogs.
// The result is always equal to SnapshotSchema at that moment (the verify
// tests check this after every step, both ways). Needs to be the only session
// writing to the database. SQLite: a full read every time.
class SnapshotTracker {
 public:
  explicit SnapshotTracker(Connection& conn) : conn_(conn) {}

  // PostgreSQL, on a scratch database only: installs the event triggers (and
  // schema wayback for them). False, with nothing changed, when the role may
  // not create event triggers (PostgreSQL requires a superuser) or on SQLite.
  Result<bool> ListenForDdl();
  // What ran since the last Take() may have changed the catalogs without
  // firing an event trigger.
  void DistrustEvents() { distrusted_ = true; }
  // While listening: the query that collects the noted DDL and reads the
  // relations it names (postgres_prefetch.sql), for a caller to run right
  // after a script in the same round trip and hand its rows to Prefetched(),
  // which spares the next Take() its round trips.
  std::optional<Step> EventsStep() const;
  void Prefetched(Rows rows);

  // The schema now. While nothing changed, the same snapshot as last time.
  Result<SnapshotPtr> Take();

  // Tables (snapshot names, before and after) that the last Take() re-read;
  // every table when it read everything (AllChanged()).
  const std::set<std::string>& ChangedTables() const { return changed_tables_; }
  bool AllChanged() const { return all_changed_; }

 private:
  static constexpr int64_t kGlobal = -2;  // owner of what is not one relation's
  Status ReadAll();
  Status Apply(const Rows& rows, const std::set<int64_t>& targets);
  Result<Rows> CatalogChanges();
  Result<Rows> EventChanges();
  // What the rows of postgres_changes.sql / the notes of postgres_prefetch.sql say to do.
  struct Noted {
    bool full = false;              // read everything
    std::set<int64_t> owners;       // relations to read again
    std::set<int64_t> gone;         // relations whose own pg_class row was dropped: removed without a read
    std::vector<std::pair<int64_t, std::string>> dropped;  // an index, trigger or policy dropped alone: owner, key
    std::map<int64_t, int64_t> indexes;  // an index created or altered alone: its oid → its relation
  };
  void Absorb(const Rows& rows, Noted& noted);
  SnapshotPtr Taken(bool changed);

  Connection& conn_;
  bool started_ = false;
  bool listening_ = false;
  bool distrusted_ = false;
  SchemaSnapshot snap_;
  SnapshotPtr taken_;  // snap_ as the last Take() returned it
  std::map<int64_t, std::vector<std::string>> owned_;  // relation oid → object keys
  std::map<std::string, int64_t> keys_;                // catalog row → owner (kGlobal)
  std::map<std::string, std::string> objects_;         // catalog row of an index, trigger, policy → its object key
  std::map<std::string, std::vector<std::string>, std::less<>> names_;  // attributes of each branch of postgres.sql
  std::string hi_;
  std::optional<Rows> prefetched_;                     // the next Take()'s EventChanges()
  std::optional<Rows> prefetched_schema_;              // with the partial read the server made of them
  std::map<std::string, std::string> signatures_;      // "sig" / "event sig" → last value
  std::set<std::string> changed_tables_;
  bool all_changed_ = true;
};

// "name" with embedded quotes doubled: the same rule on both engines.
using util::QuoteIdent;

}  // namespace wayback::backend
