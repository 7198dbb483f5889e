// The user tables of a snapshot as the seeder and the fingerprint need them:
// columns in order, keys, foreign keys and what simple CHECKs allow, with
// tables ordered so that a table comes after every table it references.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "wayback/database_url.h"
#include "wayback/snapshot.h"

namespace wayback::verify {

struct ColumnModel {
  std::string name;      // raw, unquoted
  std::string type;      // PostgreSQL: base type with modifiers; SQLite: declared type, upper case
  std::string category;  // PostgreSQL typcategory ('N', 'S', …); SQLite: "" (the type decides)
  bool not_null = false;
  bool has_default = false;
  bool generated = false;   // computed or identity: never written
  bool serial = false;      // filled by a sequence or the rowid: never written
  std::vector<std::string> allowed;  // enum labels, or the list of a CHECK (col IN (…))
};

struct ForeignKeyModel {
  std::vector<std::string> columns;
  std::string ref_table;  // sql name
  std::vector<std::string> ref_columns;  // empty on SQLite: the parent's primary key
};

struct TableModel {
  std::string sql_name;  // quoted (and schema-qualified on PostgreSQL): usable in SQL as is
  std::vector<ColumnModel> columns;
  std::vector<std::vector<std::string>> primary_key;  // at most one entry
  std::vector<ForeignKeyModel> foreign_keys;
};

// Table models shared by the steps that have them (a model is never changed
// once made), parents first.
using Tables = std::vector<std::shared_ptr<const TableModel>>;

// REQUIRES: `snap` came from SnapshotSchema on an engine of `dialect`.
std::vector<TableModel> TablesOf(const SchemaSnapshot& snap, Dialect dialect);

// TablesOf for a run of snapshots that share most of their objects (the
// steps of verify): a table's model is built again only when one of the
// objects it is made of is not the one of last time. The objects are held,
// so an address is never mistaken for another object's.
class TableModels {
 public:
  explicit TableModels(Dialect dialect) : dialect_(dialect) {}
  // The same vector as last time when no table changed. With `changed`, the
  // tables (snapshot names) that may differ from the snapshot of the last
  // call: only those are looked at.
  std::shared_ptr<const Tables> Of(const SchemaSnapshot& snap, const std::set<std::string>* changed = nullptr);

 private:
  struct Memo {
    std::vector<std::shared_ptr<SchemaObject>> parts;
    std::shared_ptr<const TableModel> model;
    uint64_t generation = 0;  // the last Of() that saw the table
    uint64_t placed = 0;      // the last Ordered() that placed it (or is placing it)
  };
  Dialect dialect_;
  std::map<std::string, Memo> memo_;  // by table sql name
  uint64_t generation_ = 0;
  uint64_t ordering_ = 0;
  std::shared_ptr<const Tables> ordered_;  // of memo_, parents first
  std::shared_ptr<const Tables> Ordered();
};

// "name" with embedded quotes doubled.
std::string Quote(const std::string& name);

}  // namespace wayback::verify
