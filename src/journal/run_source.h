// A run's journal on PostgreSQL lives in two forms: JSON images in
// wayback.journal (row-level capture) and typed images in shadow tables
// (set-based capture, bulk_capture.h). This reads which shadows a run used and
// builds the SQL that shows all of it as JSON images, for everything that
// does not need the fast typed path: dry runs, tables whose columns changed
// since the run, migration downs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backend/connection.h"

namespace wayback::journal {

// The part of a run held in one shadow table.
struct RunShadow {
  std::string tbl;                   // journal label of the table
  std::string shadow;                // table name in schema wayback
  std::string shape;                 // the table's layout when captured
  std::vector<std::string> columns;  // image columns, in shadow order
  std::vector<std::string> key;      // key columns when captured
  std::string seqs;                  // the run's statements in it, as a bigint[] literal
  size_t statements = 0;
  int64_t rows = 0;                  // entries the run wrote into it
  bool packed = false;               // some of them are in its packed companion
};

Result<std::vector<RunShadow>> RunShadows(backend::Connection& conn, const std::string& run_id);

// SQL (a subquery body) yielding the rows of `shadow`'s layout (wb_seq,
// wb_has_b, wb_has_a, b1…bn, a1…an) of the statements whose seqs are in the
// bigint[] expression `seqs`: its own rows, and its packed companion's rows
// unpacked (a packed statement is an UPDATE: both images in every row).
std::string ShadowRows(const RunShadow& shadow, const std::string& seqs);

// SQL (a subquery body) yielding (tbl, seq, row_key, before, after) with JSON
// images for the run whose id is the bound parameter `run_param` ("$1"):
// its row-level entries and its rows in `shadows`. With `only`, just that
// table's.
std::string JsonSource(const std::vector<RunShadow>& shadows, const std::string& run_param,
                       const std::optional<std::string>& only = std::nullopt);

// jsonb_build_object('name', expr, …) over any number of columns (a call
// takes at most 100 arguments: larger objects are concatenated).
std::string JsonObject(const std::vector<std::string>& names, const std::vector<std::string>& exprs);

// For shadow alias `s`: the value of key column `k` of a row image, from the
// before-image when there is one, else from the after-image.
std::string ShadowKeyExpr(const RunShadow& shadow, const std::string& alias, size_t key_index);

}  // namespace wayback::journal
