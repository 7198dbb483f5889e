#include "journal/bulk_capture.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "journal/journal_store.h"
#include "journal/sql_text.h"
#include "util/hash.h"
#include "util/strings.h"

namespace wayback::journal {
namespace {

std::string Hex(std::string_view text) {
  char hex[20];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(util::Fnv1a64(text)));
  return hex;
}

Status ExecuteScript(backend::Connection& conn, const std::string& script) {
  WB_ASSIGN(auto statements, backend::SplitScript(conn.dialect(), script));
  for (const auto& s : statements) WB_TRY(conn.Execute(s.text));
  return {};
}

std::vector<std::string> Prefixed(const std::vector<std::string>& cols, const std::string& alias) {
  std::vector<std::string> out;
  for (const auto& c : cols) out.push_back(alias + "." + QuoteIdent(c));
  return out;
}

std::vector<std::string> ShadowColumns(char side, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(ShadowColumn(side, i));
  return out;
}

// Whether every column's values have a size known without reading them
// (table_columns), which packing needs to bound the memory it takes.
bool Packable(const TableInfo& t) {
  return !t.image_sizes.empty() &&
         std::none_of(t.image_sizes.begin(), t.image_sizes.end(), [](const std::string& s) { return s.empty(); });
}

// SQL for the uncompressed size of a row of alias `alias`, in bytes.
std::string RowSize(const TableInfo& t, const std::string& alias) {
  int64_t fixed = 0;
  std::vector<std::string> terms;
  for (size_t i = 0; i < t.image_columns.size(); ++i) {
    std::string value = alias + "." + QuoteIdent(t.image_columns[i]);
    if (t.image_sizes[i] == "octets") {
      terms.push_back("coalesce(octet_length(" + value + "), 0)");
    } else if (t.image_sizes[i] == "stored") {
      terms.push_back("coalesce(pg_column_size(" + value + "), 0)");
    } else {
      fixed += std::atoll(t.image_sizes[i].c_str());
    }
  }
  terms.push_back(std::to_string(fixed));
  return util::Join(terms, " + ");
}

// The UPDATE branch that journals a large statement as one packed row
// (packed_update); empty when the table cannot be packed.
std::string PackedUpdate(backend::Connection& conn, const TableInfo& t, const std::string& shadow) {
  std::vector<std::string> o_arrays, n_arrays, line_up;
  for (size_t i = 0; i < t.image_columns.size(); ++i) {
    std::string col = QuoteIdent(t.image_columns[i]);
    o_arrays.push_back("array_agg(o." + col + ") AS " + ShadowColumn('b', i));
    n_arrays.push_back("array_agg(n." + col + ") AS " + ShadowColumn('a', i));
  }
  for (const auto& k : t.key) {
    size_t i = t.ImageIndex(k);
    line_up.push_back("o." + ShadowColumn('b', i) + " = n." + ShadowColumn('a', i));
  }
  size_t n = t.image_columns.size();
  std::string packed = PackedName(shadow);
  return Expand(Q(conn, "packed_update"), {{"packed", QuoteIdent(packed)},
                                           {"packed_literal", QuoteLiteral(packed)},
                                           {"b_cols", util::Join(ShadowColumns('b', n), ", ")},
                                           {"a_cols", util::Join(ShadowColumns('a', n), ", ")},
                                           {"o_size", RowSize(t, "o")},
                                           {"n_size", RowSize(t, "n")},
                                           {"o_arrays", util::Join(o_arrays, ", ")},
                                           {"n_arrays", util::Join(n_arrays, ", ")},
                                           {"keys_line_up", util::Join(line_up, " AND ")}});
}

// The capture function of `t` for its layout `shape`, writing into `shadow`
// and, when `pack`, large UPDATEs into its packed companion.
Status WriteFunction(backend::Connection& conn, const TableInfo& t, const std::string& shape,
                     const std::string& shadow, bool pack) {
  std::vector<std::string> join, key_n, key_o, key_on;
  for (const auto& k : t.key) {
    std::string qk = QuoteIdent(k), name = QuoteLiteral(k);
    join.push_back("o." + qk + " = n." + qk);
    key_n.push_back(name + ", n." + qk);
    key_o.push_back(name + ", o." + qk);
    key_on.push_back(name + ", coalesce(o." + qk + ", n." + qk + ")");
  }
  size_t n = t.image_columns.size();
  return conn.Execute(Expand(Q(conn, "bulk_function"),
                             {{"function", QuoteIdent("bulk_" + Hex(t.Label()))},
                              {"packed_update", pack ? PackedUpdate(conn, t, shadow) : ""},
                              {"shape", QuoteLiteral(shape)},
                              {"shadow", QuoteIdent(shadow)},
                              {"shadow_literal", QuoteLiteral(shadow)},
                              {"b_cols", util::Join(ShadowColumns('b', n), ", ")},
                              {"a_cols", util::Join(ShadowColumns('a', n), ", ")},
                              {"o_vals", util::Join(Prefixed(t.image_columns, "o"), ", ")},
                              {"n_vals", util::Join(Prefixed(t.image_columns, "n"), ", ")},
                              {"key0", QuoteIdent(t.key.at(0))},
                              {"key_join_on", util::Join(join, " AND ")},
                              {"key_object_n", util::Join(key_n, ", ")},
                              {"key_object_o", util::Join(key_o, ", ")},
                              {"key_object_on", util::Join(key_on, ", ")}}));
}

}  // namespace

std::string ShadowName(const std::string& label, const std::string& shape) {
  return "s_" + Hex(label + "\n" + shape);
}

std::string PackedName(const std::string& shadow) { return "p" + shadow.substr(1); }

std::string ShadowColumn(char side, size_t i) { return std::string(1, side) + std::to_string(i + 1); }

Result<std::string> CurrentShape(backend::Connection& conn, const TableInfo& t) {
  WB_ASSIGN(backend::Rows rows, conn.Query(Q(conn, "shape_of"), {t.oid}));
  return rows.Text(0, 0);
}

Result<bool> EnsureShadow(backend::Connection& conn, const TableInfo& t, const std::string& shape) {
  std::string shadow = ShadowName(t.Label(), shape), packed = PackedName(shadow);
  WB_ASSIGN(backend::Rows state, conn.Query(Q(conn, "shadow_state"), {shadow, packed}));
  bool registered = state.Text(0, 0) == "t", has_packed = state.Text(0, 1) == "t";
  if (!registered) {
    std::vector<std::string> defs;
    for (char side : {'b', 'a'}) {
      for (size_t i = 0; i < t.image_columns.size(); ++i) defs.push_back(ShadowColumn(side, i) + " " + t.image_types[i]);
    }
    WB_TRY(ExecuteScript(conn, Expand(Q(conn, "create_shadow"), {{"shadow", QuoteIdent(shadow)},
                                                                 {"shadow_index", QuoteIdent(shadow + "_seq")},
                                                                 {"shadow_columns", util::Join(defs, ", ")}})));
    nlohmann::json columns(t.image_columns), key(t.key);
    WB_TRY(Discard(conn.Query(Q(conn, "register_shape"), {shadow, t.Label(), shape, columns.dump(), key.dump()})));
  }
  if (!Packable(t)) return false;
  if (!has_packed) {
    std::vector<std::string> defs, storage;
    for (char side : {'b', 'a'}) {
      for (size_t i = 0; i < t.image_columns.size(); ++i) {
        std::string col = ShadowColumn(side, i);
        defs.push_back(col + " " + t.image_types[i] + "[]");
        storage.push_back("ALTER COLUMN " + col + " SET STORAGE EXTERNAL");
      }
    }
    WB_TRY(ExecuteScript(conn, Expand(Q(conn, "create_packed"), {{"packed", QuoteIdent(packed)},
                                                                 {"packed_columns", util::Join(defs, ", ")},
                                                                 {"packed_storage", util::Join(storage, ", ")}})));
  }
  return true;
}

Status BulkCapture::Cover(const TableInfo& t) {
  auto it = covered_.find(t.oid);
  if (it != covered_.end()) {
    // A retried transaction starts over without the triggers of the last attempt.
    WB_ASSIGN(backend::Rows n, conn_.Query(Q(conn_, "bulk_installed"), {t.oid}));
    if (n.Text(0, 0) == "0") {
      covered_.erase(it);
      it = covered_.end();
    }
  }
  if (it == covered_.end()) {
    // Taken before anything else so that two runs preparing the same table
    // wait for each other instead of racing to create its shadow.
    WB_TRY(conn_.Execute(Expand(Q(conn_, "lock_table"), {{"table", t.Quoted()}})));
  }
  WB_ASSIGN(std::string shape, CurrentShape(conn_, t));
  if (it != covered_.end() && it->second.shape == shape) return {};
  WB_ASSIGN(bool pack, EnsureShadow(conn_, t, shape));
  WB_TRY(WriteFunction(conn_, t, shape, ShadowName(t.Label(), shape), pack));
  if (it != covered_.end()) {  // the columns changed: the triggers call the refreshed function
    it->second.shape = shape;
    return {};
  }
  Covered c{shape, false};
  WB_ASSIGN(backend::Rows row, conn_.Query(Q(conn_, "capture_installed"), {t.oid}));
  if (row.Text(0, 0) != "0") {
    WB_TRY(conn_.Execute(Expand(Q(conn_, "disable_row_capture"), {{"table", t.Quoted()}})));
    c.row_capture = true;
  }
  WB_TRY(ExecuteScript(conn_, Expand(Q(conn_, "bulk_triggers"),
                                     {{"table", t.Quoted()}, {"function", QuoteIdent("bulk_" + Hex(t.Label()))}})));
  // Transaction-local, and outside any statement's savepoint: it lasts until
  // the run commits, like the triggers.
  WB_TRY(conn_.Query(Q(conn_, "raise_work_mem")));
  covered_.emplace(t.oid, std::move(c));
  return {};
}

Status BulkCapture::Release() {
  for (const auto& [oid, c] : covered_) {
    // By oid: a statement of the run may have renamed the table (or dropped it,
    // and its triggers with it).
    WB_ASSIGN(backend::Rows name, conn_.Query(Q(conn_, "table_by_oid"), {oid}));
    if (name.empty()) continue;
    std::string table = name.Text(0, 0);
    WB_TRY(ExecuteScript(conn_, Expand(Q(conn_, "drop_bulk"), {{"table", table}})));
    if (c.row_capture) WB_TRY(conn_.Execute(Expand(Q(conn_, "enable_row_capture"), {{"table", table}})));
  }
  covered_.clear();
  return {};
}

}  // namespace wayback::journal
