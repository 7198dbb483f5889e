// Set-based capture on PostgreSQL, for statements wayback runs itself (jobs,
// migrations): statement-level triggers with transition tables, created
// inside the run's transaction just before a statement writes the table and
// dropped before it commits, so no other session ever sees them or pays for
// them. They write typed images into the table's shadow table
// (docs/journal.md, "Shadow tables"). The price: the table is locked against
// other writers (SHARE ROW EXCLUSIVE, what CREATE TRIGGER takes) until the
// run's transaction ends.
#pragma once

#include <map>
#include <string>

#include "backend/connection.h"
#include "journal/table_info.h"

namespace wayback::journal {

// The shadow table that holds images of `label` with column layout `shape`
// (wayback.shape()): "s_" and a hash, in schema wayback.
std::string ShadowName(const std::string& label, const std::string& shape);
// The packed companion of shadow table `shadow`: "p_" and the same hash. One
// row per large UPDATE statement, column i's old values in array b<i+1> and
// its new values in a<i+1>, position by position.
std::string PackedName(const std::string& shadow);
// Shadow column of image column i (0-based): 'b' → "b1", 'a' → "a1".
std::string ShadowColumn(char side, size_t i);
// The table's column layout now (wayback.shape()).
Result<std::string> CurrentShape(backend::Connection& conn, const TableInfo& t);
// Creates the shadow table for `t` in its layout `shape` if it is new, and
// its packed companion if `t` can be packed; returns whether large UPDATEs of
// `t` are to be packed.
// REQUIRES: `t` is locked against concurrent preparation (lock_table).
Result<bool> EnsureShadow(backend::Connection& conn, const TableInfo& t, const std::string& shape);

class BulkCapture {
 public:
  explicit BulkCapture(backend::Connection& conn) : conn_(conn) {}

  // Rows of trackable `t` written from now on in this transaction are
  // journaled set-based. Called again for a covered table, it refreshes the
  // capture if the table's columns changed since. REQUIRES: a transaction.
  Status Cover(const TableInfo& t);
  // Before commit: drops the triggers Cover created and re-enables row-level
  // capture (shadow tables and capture functions stay for the next run).
  Status Release();
  bool Covers(const std::string& oid) const { return covered_.count(oid) > 0; }
  // After a rollback, which took the triggers with it.
  void Forget() { covered_.clear(); }

 private:
  struct Covered {
    std::string shape;
    bool row_capture = false;  // the table's row-level capture was disabled
  };
  backend::Connection& conn_;
  std::map<std::string, Covered> covered_;  // by table oid
};

}  // namespace wayback::journal
