// Data fingerprints: per table the row count and, per column, the number of
// non-NULL values and an order-independent hash of them (a sum of per-value
// hashes, so row order does not matter and duplicates still count). Two
// fingerprints are equal when the data is, up to hash collisions.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backend/connection.h"
#include "verify/table_model.h"
#include "wayback/verify.h"

namespace wayback::verify {

struct ColumnPrint {
  int64_t values = 0;  // non-NULL
  std::string hash;
};

struct TablePrint {
  int64_t rows = 0;
  std::map<std::string, ColumnPrint> columns;
};

// By table sql name. Table prints are shared and never changed once made:
// verify keeps a print per step, and most tables are the same in each.
using DataPrint = std::map<std::string, std::shared_ptr<const TablePrint>>;

// PostgreSQL: one query for all tables. SQLite: one query per table, using the
// wayback_hash aggregate the scratch copy registers.
Result<DataPrint> Fingerprint(backend::Connection& conn, const Tables& tables);

// PostgreSQL's one query, for a caller that runs it in a round trip of its
// own making, and its rows read back. REQUIRES: `tables` not empty.
std::string PostgresFingerprintQuery(const Tables& tables);
DataPrint ReadPostgresFingerprint(const Tables& tables, const backend::Rows& rows);

// What differs between `before` and `after`, for the tables and columns in
// both (tables or columns that are gone are schema differences, not data loss).
std::vector<DataLoss> CompareData(const DataPrint& before, const DataPrint& after);

}  // namespace wayback::verify
