// What the journal needs to know about a user table: its name, its writable
// columns and the key that identifies a row (the primary key, else a unique
// index over NOT NULL columns). Read from the catalog of either engine.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "backend/connection.h"

namespace wayback::journal {

struct TableInfo {
  std::string schema;                // "" on SQLite (the main database)
  std::string name;
  std::string oid;                   // PostgreSQL: the table's oid; SQLite: its name
  std::vector<std::string> columns;  // writable columns (not generated), in order
  // PostgreSQL: every column, generated ones included, as row images hold
  // them, with the type a shadow table stores each as (a domain's base type).
  // SQLite: the writable columns; types are not used.
  std::vector<std::string> image_columns;
  std::vector<std::string> image_types;
  // PostgreSQL, per image column: how the size of its values is known without
  // reading them — the type's fixed length, "octets" (octet_length() gives
  // the uncompressed size), "stored" (numeric: pg_column_size()), or "" (not
  // known: the table is never packed).
  std::vector<std::string> image_sizes;
  // PostgreSQL, per image column: how the undo compares two values byte for
  // byte — "bytes" (the type's equality is byte equality), "text" (text and
  // varchar, under COLLATE "C"), or "" (by their binary image).
  std::vector<std::string> image_equality;
  std::vector<std::string> key;      // empty: the table cannot be tracked

  // "schema.table" on PostgreSQL, "table" on SQLite: the journal's `tbl`.
  std::string Label() const { return schema.empty() ? name : schema + "." + name; }
  // The quoted name for SQL: "schema"."table" (SQLite: "table").
  std::string Quoted() const;
  bool Trackable() const { return !key.empty(); }
  // Position of `column` in image_columns (image_columns.size() if absent).
  size_t ImageIndex(const std::string& column) const {
    return static_cast<size_t>(std::find(image_columns.begin(), image_columns.end(), column) - image_columns.begin());
  }
};

// Every user table of the target (PostgreSQL: all schemas but the system ones
// and wayback's; SQLite: the main database without wayback_* tables).
Result<std::vector<TableInfo>> ListTables(backend::Connection& conn);

// One table by its journal label or by a name as a user writes it
// ("customers", "sales.orders"). nullopt when there is no such table.
Result<std::optional<TableInfo>> FindTable(backend::Connection& conn, const std::string& name);

// A clear refusal for a table without a usable key.
Error NoKeyError(const TableInfo& t);

}  // namespace wayback::journal
