// Synthetic rows, so that data loss shows even on an empty schema. Before each
// migration every user table with fewer than N rows gets rows up to N:
// parents before children, foreign keys pointing at existing parent rows,
// values that fit the column type, enum labels and simple CHECK lists, unique
// by construction (a counter runs through every value), text with one word,
// several words, double spaces and non-ASCII — the shapes transforms get wrong.
// Sequence and identity columns and generated columns are left to the
// database. Best effort: what did not go in is reported, never fatal.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "backend/connection.h"
#include "verify/fingerprint.h"
#include "verify/table_model.h"
#include "wayback/verify.h"

namespace wayback::verify {

class Seeder {
 public:
  Seeder(backend::Connection& conn, int rows) : conn_(conn), rows_(rows) {}

  // Fills the tables of `tables` that have fewer rows than asked (counts from
  // `print`). Returns a note per table it tried.
  std::vector<SeedNote> Seed(const Tables& tables, const DataPrint& print);
  // The tables the last Seed() wrote rows to.
  const std::set<std::string>& Written() const { return written_; }

 private:
  SeedNote SeedTable(const TableModel& t, int64_t need);
  backend::Connection& conn_;
  int rows_;
  int64_t counter_ = 0;
  // Tables that could not be seeded, with their column layout: not retried
  // until the layout changes.
  std::set<std::string> given_up_;
  std::set<std::string> written_;
};

// The value for column `c` in synthetic row `k` (text form), or nullopt when
// no value of that type can be made up.
std::optional<std::string> SyntheticValue(const ColumnModel& c, int64_t k, Dialect dialect);

}  // namespace wayback::verify
