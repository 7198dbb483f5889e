#include "journal/run_source.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "journal/bulk_capture.h"
#include "journal/journal_store.h"
#include "journal/sql_text.h"
#include "util/strings.h"

namespace wayback::journal {
namespace {

std::vector<std::string> Strings(const std::string& json_text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j) out.push_back(v.is_string() ? v.get<std::string>() : std::string());
  return out;
}

std::string ImageJson(const RunShadow& s, char side) {
  std::vector<std::string> exprs;
  for (size_t i = 0; i < s.columns.size(); ++i) exprs.push_back("s." + ShadowColumn(side, i));
  return JsonObject(s.columns, exprs);
}

}  // namespace

Result<std::vector<RunShadow>> RunShadows(backend::Connection& conn, const std::string& run_id) {
  WB_ASSIGN(backend::Rows rows, conn.Query(Q(conn, "run_shadows"), {run_id}));
  std::vector<RunShadow> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    RunShadow s;
    s.tbl = rows.Text(i, 0);
    s.shadow = rows.Text(i, 1);
    s.columns = Strings(rows.Text(i, 2));
    s.key = Strings(rows.Text(i, 3));
    s.shape = rows.Text(i, 4);
    s.seqs = rows.Text(i, 5);
    s.statements = static_cast<size_t>(std::count(s.seqs.begin(), s.seqs.end(), ',') + 1);
    s.rows = std::atoll(rows.Text(i, 6).c_str());
    s.packed = rows.Text(i, 7) == "t";
    out.push_back(std::move(s));
  }
  return out;
}

std::string JsonObject(const std::vector<std::string>& names, const std::vector<std::string>& exprs) {
  constexpr size_t kPairsPerCall = 50;
  std::vector<std::string> calls;
  for (size_t start = 0; start < names.size() || calls.empty(); start += kPairsPerCall) {
    std::vector<std::string> args;
    for (size_t i = start; i < std::min(names.size(), start + kPairsPerCall); ++i) {
      args.push_back(QuoteLiteral(names[i]) + ", " + exprs[i]);
    }
    calls.push_back("jsonb_build_object(" + util::Join(args, ", ") + ")");
  }
  return util::Join(calls, " || ");
}

std::string ShadowKeyExpr(const RunShadow& shadow, const std::string& alias, size_t key_index) {
  auto it = std::find(shadow.columns.begin(), shadow.columns.end(), shadow.key.at(key_index));
  size_t i = static_cast<size_t>(it - shadow.columns.begin());
  return "CASE WHEN " + alias + ".wb_has_b THEN " + alias + "." + ShadowColumn('b', i) + " ELSE " + alias + "." +
         ShadowColumn('a', i) + " END";
}

std::string ShadowRows(const RunShadow& shadow, const std::string& seqs) {
  std::string sql = "SELECT * FROM wayback." + QuoteIdent(shadow.shadow) + " WHERE wb_seq = ANY (" + seqs + ")";
  if (!shadow.packed) return sql;
  std::vector<std::string> unnests;
  for (char side : {'b', 'a'}) {
    for (size_t i = 0; i < shadow.columns.size(); ++i) {
      unnests.push_back("unnest(p." + ShadowColumn(side, i) + ") AS " + ShadowColumn(side, i));
    }
  }
  // Set-returning functions in the select list run in lockstep: row i takes
  // position i of every array, as they were packed. (ROWS FROM would do the
  // same but stores each function's result first: 3x slower, measured.)
  return sql + "\nUNION ALL SELECT p.wb_seq, true, true, " + util::Join(unnests, ", ") + " FROM wayback." +
         QuoteIdent(PackedName(shadow.shadow)) + " p WHERE p.wb_seq = ANY (" + seqs + ")";
}

std::string JsonSource(const std::vector<RunShadow>& shadows, const std::string& run_param,
                       const std::optional<std::string>& only) {
  std::string sql = "SELECT tbl, seq, row_key, before, after FROM wayback.journal WHERE run_id = " + run_param;
  if (only) sql += " AND tbl = " + QuoteLiteral(*only);
  for (const auto& s : shadows) {
    if (only && s.tbl != *only) continue;
    std::vector<std::string> key_exprs;
    for (size_t k = 0; k < s.key.size(); ++k) key_exprs.push_back(ShadowKeyExpr(s, "s", k));
    sql += "\nUNION ALL SELECT " + QuoteLiteral(s.tbl) + "::text, s.wb_seq, " + JsonObject(s.key, key_exprs) +
           ", CASE WHEN s.wb_has_b THEN " + ImageJson(s, 'b') + " END, CASE WHEN s.wb_has_a THEN " +
           ImageJson(s, 'a') + " END FROM (" +
           ShadowRows(s, "ARRAY(SELECT seq FROM wayback.journal_statements WHERE run_id = " + run_param +
                             " AND shadow IN (" + QuoteLiteral(s.shadow) + ", " + QuoteLiteral(PackedName(s.shadow)) +
                             "))") +
           ") s";
  }
  return sql;
}

}  // namespace wayback::journal
