#include "journal/undo_fast.h"

#include <algorithm>
#include <map>
#include <set>

#include "journal/bulk_capture.h"
#include "journal/capture.h"
#include "journal/journal_store.h"
#include "journal/sql_text.h"
#include "util/strings.h"

namespace wayback::journal {
namespace {

using Vars = std::map<std::string, std::string>;

// SQL that is true when images `l` and `r` (expressions per column, NULL for a
// NULL value) are identical, byte for byte. `equality` says per column how
// (TableInfo::image_equality): for types whose equality operator holds exactly
// when the stored bytes are the same (integers, boolean, date, timestamps,
// uuid, bytea, oid) `IS NOT DISTINCT FROM` means what record_image_eq means,
// at a fraction of the cost (record_image_eq over ROW(…) builds two composite
// values per row: measured 1 s of a 1,000,000-row restore). Text and varchar
// compare under COLLATE "C", where equality is byte equality whatever the
// column's collation (a nondeterministic one would call 'a' and 'A' equal) —
// not their arrays, whose text form hides a null bitmap that makes
// equal-looking images differ. Everything else (numeric 1.0 vs 1.00, floats'
// -0 and NaN, jsonb, intervals, arrays, user types, …) is compared by image.
std::string ImageEq(const std::vector<std::string>& l, const std::vector<std::string>& r,
                    const std::vector<std::string>& equality) {
  std::vector<std::string> terms, rest_l, rest_r;
  for (size_t i = 0; i < equality.size(); ++i) {
    if (equality[i] == "bytes") {
      terms.push_back(l[i] + " IS NOT DISTINCT FROM " + r[i]);
    } else if (equality[i] == "text") {
      terms.push_back("(" + l[i] + ")::text COLLATE \"C\" IS NOT DISTINCT FROM (" + r[i] + ")::text COLLATE \"C\"");
    } else {
      rest_l.push_back(l[i]);
      rest_r.push_back(r[i]);
    }
  }
  // ROW() of one field is still a composite: record_image_eq accepts it.
  if (!rest_l.empty()) {
    terms.push_back("record_image_eq(ROW(" + util::Join(rest_l, ", ") + "), ROW(" + util::Join(rest_r, ", ") + "))");
  }
  return "(" + util::Join(terms, " AND ") + ")";
}

// The SQL fragments of the fast_* queries (src/journal/state/postgres.sql).
Vars FastVars(const TableInfo& t, const RunShadow& s) {
  const auto& cols = t.image_columns;
  std::vector<std::string> t_vals, a_vals, b_vals, a_cols, b_cols, b_writable, set, match_a, match_either;
  std::vector<std::string> key_exprs, key_named, key_names, f_b, l_a, undo_keys;
  for (size_t i = 0; i < cols.size(); ++i) {
    // Cast to the shadow's type (a domain's base type) so images compare
    // column by column with the same types.
    t_vals.push_back("t." + QuoteIdent(cols[i]) + "::" + t.image_types[i]);
    a_vals.push_back("s." + ShadowColumn('a', i));
    b_vals.push_back("s." + ShadowColumn('b', i));
    a_cols.push_back(ShadowColumn('a', i));
    b_cols.push_back(ShadowColumn('b', i));
    f_b.push_back("f." + ShadowColumn('b', i));
    l_a.push_back("l." + ShadowColumn('a', i));
  }
  for (const auto& c : t.columns) {
    size_t i = t.ImageIndex(c);
    b_writable.push_back("s." + ShadowColumn('b', i));
    if (std::find(t.key.begin(), t.key.end(), c) == t.key.end()) {
      set.push_back(QuoteIdent(c) + " = s." + ShadowColumn('b', i));
    }
  }
  for (size_t k = 0; k < t.key.size(); ++k) {
    size_t i = t.ImageIndex(t.key[k]);
    std::string qk = QuoteIdent(t.key[k]);
    match_a.push_back("t." + qk + " = s." + ShadowColumn('a', i));
    std::string either = ShadowKeyExpr(s, "s", k);
    match_either.push_back("t." + qk + " = " + either);
    key_exprs.push_back(ShadowKeyExpr(s, "s", k));
    undo_keys.push_back(ShadowKeyExpr(s, "u", k));
    key_named.push_back(key_exprs.back() + " AS wb_k" + std::to_string(k + 1));
    key_names.push_back("wb_k" + std::to_string(k + 1));
  }
  if (set.empty()) {  // only key columns: an update is never needed, keep the SQL valid
    size_t i = t.ImageIndex(t.key[0]);
    set.push_back(QuoteIdent(t.key[0]) + " = s." + ShadowColumn('b', i));
  }
  return {{"table", t.Quoted()},
          {"shadow", QuoteIdent(s.shadow)},
          {"t_vals", util::Join(t_vals, ", ")},
          {"a_vals", util::Join(a_vals, ", ")},
          {"b_vals", util::Join(b_vals, ", ")},
          {"a_cols", util::Join(a_cols, ", ")},
          {"b_cols", util::Join(b_cols, ", ")},
          {"f_b_cols", util::Join(f_b, ", ")},
          {"l_a_cols", util::Join(l_a, ", ")},
          {"b_writable", util::Join(b_writable, ", ")},
          {"columns", util::Join([&] {
             std::vector<std::string> q;
             for (const auto& c : t.columns) q.push_back(QuoteIdent(c));
             return q;
           }(), ", ")},
          {"set_from_b", util::Join(set, ", ")},
          {"key_match_a", util::Join(match_a, " AND ")},
          {"key_match_either", util::Join(match_either, " AND ")},
          {"undo_key_exprs", util::Join(undo_keys, ", ")},
          {"key0", QuoteIdent(t.key[0])},
          {"key_exprs", util::Join(key_exprs, ", ")},
          {"key_named", util::Join(key_named, ", ")},
          {"key_names", util::Join(key_names, ", ")},
          {"t_is_a", ImageEq(t_vals, a_vals, t.image_equality)},
          {"t_is_b", ImageEq(t_vals, b_vals, t.image_equality)},
          {"a_is_b", ImageEq(a_vals, b_vals, t.image_equality)},
          {"key_json", JsonObject(t.key, key_exprs)},
          {"b_json", JsonObject(cols, b_vals)},
          {"a_json", JsonObject(cols, a_vals)}};
}

Result<int64_t> Count(WriteGuard& guard, const std::string& sql, const backend::Params& p) {
  WB_ASSIGN(backend::Rows rows, guard.Query(sql, p));
  return std::atoll(rows.Text(0, 0).c_str());
}

// How many entries of the run the undo may update, delete and re-insert.
struct Pending {
  int64_t updated = 0, inserted = 0, deleted = 0;
};

// The restore, delete and re-insert statements, then the conflict pass;
// adds what they did to `c`.
Status Apply(backend::Connection& conn, WriteGuard& guard, const TableInfo& t, const RunShadow& shadow,
             const std::string& undo_run, Vars v, const Pending& pending, FastUndoCounts& c) {
  WB_ASSIGN(backend::Rows seq, conn.Query(Q(conn, "next_seq")));
  std::string undo_seq = seq.Text(0, 0);
  // The undo of one packed statement journals its restore packed too: it is
  // as large, and the same columns.
  RunShadow undo_shadow = shadow;
  undo_shadow.packed = shadow.packed && shadow.statements == 1;
  std::vector<std::string> r_arrays;
  for (char side : {'b', 'a'}) {
    for (size_t i = 0; i < t.image_columns.size(); ++i) r_arrays.push_back("array_agg(r." + ShadowColumn(side, i) + ")");
  }
  v["packed"] = QuoteIdent(PackedName(shadow.shadow));
  v["r_arrays"] = util::Join(r_arrays, ", ");
  v["restore_journal"] = Expand(Q(conn, undo_shadow.packed ? "restore_journal_packed" : "restore_journal_rows"), v);
  v["undo_rows"] = ShadowRows(undo_shadow, "ARRAY[$3::bigint]");
  // The undo journals these writes itself: a row-level capture of the table
  // (an open session run's) skips them.
  WB_TRY(conn.Query(Q(conn, "set_bulk"), {CaptureToken(t)}));
  backend::Params p{shadow.seqs, undo_seq};
  if (pending.updated > 0) {
    WB_ASSIGN(c.restored, Count(guard, Expand(Q(conn, "fast_restore"), v), p));
  }
  if (pending.inserted > 0) {
    WB_ASSIGN(c.deleted, Count(guard, Expand(Q(conn, "fast_delete"), v), p));
  }
  if (pending.deleted > 0) {
    WB_ASSIGN(c.reinserted, Count(guard, Expand(Q(conn, "fast_reinsert"), v), p));
  }
  WB_TRY(conn.Query(Q(conn, "set_bulk"), {""}));
  int64_t written = c.restored + c.deleted + c.reinserted;
  if (written > 0) {
    std::string holder = c.restored > 0 && undo_shadow.packed ? PackedName(shadow.shadow) : shadow.shadow;
    WB_TRY(conn.Query(Q(conn, "record_statement"), {undo_seq, undo_run, t.Label(), holder, std::to_string(written)}));
  }
  // The undo wrote every row of the run (each entry is a row of its own, so
  // `total` counts rows): none is left that could be a conflict. Otherwise —
  // a row changed since, a row the run rewrote with the values it had (nothing
  // to restore, but someone may have changed it since), two entries of one
  // key — the conflict pass below decides.
  if (written == c.total) return {};
  WB_ASSIGN(backend::Rows found, conn.Query(Expand(Q(conn, "fast_conflicts"), v), {shadow.seqs, t.Label(), undo_seq}));
  c.conflicts = std::atoll(found.Text(0, 0).c_str());
  return {};
}

// Whether the undo's statements must join by hash: its source is a packed
// statement's rows, which the planner takes for a handful (prefer_hash_joins),
// and they are a large part of the table (at least a tenth, where probing the
// key index row by row stops paying; at least 10,000 rows when the table's
// size is not known).
Result<bool> NeedsHashJoins(backend::Connection& conn, const TableInfo& t, const RunShadow& shadow, int64_t entries) {
  if (!shadow.packed || shadow.statements != 1) return false;  // a collapsed source is analyzed
  WB_ASSIGN(backend::Rows size, conn.Query(Q(conn, "table_size_estimate"), {t.oid}));
  int64_t table_rows = size.empty() ? -1 : std::atoll(size.Text(0, 0).c_str());
  return table_rows < 0 ? entries >= 10000 : entries * 10 >= table_rows;
}

}  // namespace

bool CanUndoFast(const TableInfo& t, const std::string& shape, const RunShadow& shadow) {
  return t.Trackable() && shadow.shape == shape && shadow.key == t.key && shadow.columns == t.image_columns;
}

Result<FastUndoCounts> UndoFast(backend::Connection& conn, WriteGuard& guard, const TableInfo& t,
                                const RunShadow& shadow, const std::string& undo_run) {
  Vars v = FastVars(t, shadow);
  // The collapse sorts and the restore joins by hash: in memory, not in batches
  // through temporary files (transaction-local, like a job's).
  WB_TRY(conn.Query(Q(conn, "raise_work_mem")));
  std::string analyzed;
  v["rows"] = ShadowRows(shadow, "$1::bigint[]");
  if (shadow.statements == 1) {
    // One statement writes a row once: its entries are already one per row.
    v["source"] = v["rows"];
    // A packed statement has no rows in the shadow to count.
    if (!shadow.packed) analyzed = "wayback." + QuoteIdent(shadow.shadow);
  } else {
    v["temp"] = "wb_fast_" + ShadowName(t.Label(), shadow.shape);
    if (shadow.packed) WB_TRY(conn.Query(Q(conn, "avoid_nested_loops")));
    WB_TRY(conn.Query(Expand(Q(conn, "fast_collapse"), v), {shadow.seqs}));
    if (shadow.packed) WB_TRY(conn.Query(Q(conn, "planner_defaults")));
    // $1 stays referenced so that every fast query takes the same parameters.
    v["source"] = "SELECT * FROM " + v["temp"] + " WHERE $1::bigint[] IS NOT NULL";
    analyzed = v["temp"];
  }
  if (!analyzed.empty()) WB_TRY(conn.Execute(Expand(Q(conn, "analyze"), {{"relation", analyzed}})));
  FastUndoCounts c;
  Pending pending;
  if (shadow.statements == 1 && shadow.packed) {
    // A packed statement is an UPDATE: every entry has both images, and the
    // statement's row count is known (a pass over the arrays cost 0.3-0.45 s
    // per 1,000,000 entries).
    c.total = pending.updated = shadow.rows;
  } else {
    WB_ASSIGN(backend::Rows tally, conn.Query(Expand(Q(conn, "fast_tally"), v), {shadow.seqs}));
    auto n = [&](size_t col) { return std::atoll(tally.Text(0, col).c_str()); };
    c.total = n(0);
    pending = {n(1), n(2), n(3)};
  }
  WB_ASSIGN(bool hash_joins, NeedsHashJoins(conn, t, shadow, c.total));
  if (hash_joins) WB_TRY(conn.Query(Q(conn, "prefer_hash_joins")));
  WB_TRY(Apply(conn, guard, t, shadow, undo_run, v, pending, c));
  if (hash_joins) WB_TRY(conn.Query(Q(conn, "planner_defaults")));
  return c;
}

}  // namespace wayback::journal
