#include "journal/undo_fast.h"

#include <algorithm>
#include <map>

#include "journal/bulk_capture.h"
#include "journal/capture.h"
#include "journal/journal_store.h"
#include "journal/sql_text.h"
#include "util/strings.h"

namespace wayback::journal {
namespace {

using Vars = std::map<std::string, std::string>;

size_t IndexOf(const std::vector<std::string>& v, const std::string& x) {
  return static_cast<size_t>(std::find(v.begin(), v.end(), x) - v.begin());
}

// The SQL fragments of the fast_* queries (src/journal/state/postgres.sql).
Vars FastVars(const TableInfo& t, const RunShadow& s) {
  const auto& cols = t.image_columns;
  std::vector<std::string> t_vals, a_vals, b_vals, a_cols, b_cols, b_writable, set, match_a, match_either;
  std::vector<std::string> key_exprs, key_named, key_names, f_b, l_a, match_undo;
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
    size_t i = IndexOf(cols, c);
    b_writable.push_back("s." + ShadowColumn('b', i));
    if (std::find(t.key.begin(), t.key.end(), c) == t.key.end()) {
      set.push_back(QuoteIdent(c) + " = s." + ShadowColumn('b', i));
    }
  }
  for (size_t k = 0; k < t.key.size(); ++k) {
    size_t i = IndexOf(cols, t.key[k]);
    std::string qk = QuoteIdent(t.key[k]);
    match_a.push_back("t." + qk + " = s." + ShadowColumn('a', i));
    std::string either = ShadowKeyExpr(s, "s", k);
    match_either.push_back("t." + qk + " = " + either);
    key_exprs.push_back(ShadowKeyExpr(s, "s", k));
    match_undo.push_back(ShadowKeyExpr(s, "u", k) + " = " + key_exprs.back());
    key_named.push_back(key_exprs.back() + " AS wb_k" + std::to_string(k + 1));
    key_names.push_back("wb_k" + std::to_string(k + 1));
  }
  if (set.empty()) {  // only key columns: an update is never needed, keep the SQL valid
    size_t i = IndexOf(cols, t.key[0]);
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
          {"key_match_undo", util::Join(match_undo, " AND ")},
          {"key0", QuoteIdent(t.key[0])},
          {"key_exprs", util::Join(key_exprs, ", ")},
          {"key_named", util::Join(key_named, ", ")},
          {"key_names", util::Join(key_names, ", ")},
          {"key_json", JsonObject(t.key, key_exprs)},
          {"b_json", JsonObject(cols, b_vals)},
          {"a_json", JsonObject(cols, a_vals)}};
}

Result<int64_t> Count(WriteGuard& guard, const std::string& sql, const backend::Params& p) {
  WB_ASSIGN(backend::Rows rows, guard.Query(sql, p));
  return std::atoll(rows.Text(0, 0).c_str());
}

}  // namespace

bool CanUndoFast(const TableInfo& t, const std::string& shape, const RunShadow& shadow) {
  return t.Trackable() && shadow.shape == shape && shadow.key == t.key && shadow.columns == t.image_columns;
}

Result<FastUndoCounts> UndoFast(backend::Connection& conn, WriteGuard& guard, const TableInfo& t,
                                const RunShadow& shadow, const std::string& undo_run) {
  Vars v = FastVars(t, shadow);
  std::string analyzed;
  if (shadow.statements == 1) {
    // One statement writes a row once: its entries are already one per row.
    v["source"] = "SELECT * FROM wayback." + QuoteIdent(shadow.shadow) + " WHERE wb_seq = ANY ($1::bigint[])";
    analyzed = "wayback." + QuoteIdent(shadow.shadow);
  } else {
    v["temp"] = "wb_fast_" + ShadowName(t.Label(), shadow.shape);
    WB_TRY(conn.Query(Expand(Q(conn, "fast_collapse"), v), {shadow.seqs}));
    // $1 stays referenced so that every fast query takes the same parameters.
    v["source"] = "SELECT * FROM " + v["temp"] + " WHERE $1::bigint[] IS NOT NULL";
    analyzed = v["temp"];
  }
  WB_TRY(conn.Execute(Expand(Q(conn, "analyze"), {{"relation", analyzed}})));
  WB_ASSIGN(backend::Rows tally, conn.Query(Expand(Q(conn, "fast_tally"), v), {shadow.seqs}));
  auto n = [&](size_t col) { return std::atoll(tally.Text(0, col).c_str()); };
  FastUndoCounts c;
  c.total = n(0);
  int64_t to_restore = n(1), to_delete = n(2), to_reinsert = n(3), rewritten = n(4);

  WB_ASSIGN(backend::Rows seq, conn.Query(Q(conn, "next_seq")));
  std::string undo_seq = seq.Text(0, 0);
  // The undo journals these writes itself: a row-level capture of the table
  // (an open session run's) skips them.
  WB_TRY(conn.Query(Q(conn, "set_bulk"), {CaptureToken(t)}));
  backend::Params p{shadow.seqs, undo_seq};
  if (to_restore > 0) {
    WB_ASSIGN(c.restored, Count(guard, Expand(Q(conn, "fast_restore"), v), p));
  }
  if (to_delete > 0) {
    WB_ASSIGN(c.deleted, Count(guard, Expand(Q(conn, "fast_delete"), v), p));
  }
  if (to_reinsert > 0) {
    WB_ASSIGN(c.reinserted, Count(guard, Expand(Q(conn, "fast_reinsert"), v), p));
  }
  WB_TRY(conn.Query(Q(conn, "set_bulk"), {""}));
  int64_t written = c.restored + c.deleted + c.reinserted;
  if (written > 0) {
    WB_TRY(conn.Query(Q(conn, "record_statement"),
                      {undo_seq, undo_run, t.Label(), shadow.shadow, std::to_string(written)}));
  }
  // Every row written as planned, and none rewritten with the same values
  // (which someone may have changed since): there can be no conflict.
  if (c.restored == to_restore && c.deleted == to_delete && c.reinserted == to_reinsert && rewritten == 0) {
    return c;
  }
  WB_ASSIGN(backend::Rows found, conn.Query(Expand(Q(conn, "fast_conflicts"), v), {shadow.seqs, t.Label(), undo_seq}));
  c.conflicts = std::atoll(found.Text(0, 0).c_str());
  return c;
}

}  // namespace wayback::journal
