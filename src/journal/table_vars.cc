#include "journal/table_vars.h"

#include "journal/sql_text.h"
#include "util/strings.h"

namespace wayback::journal {

namespace {

bool IsKey(const TableInfo& t, const std::string& c) {
  for (const auto& k : t.key) {
    if (k == c) return true;
  }
  return false;
}

}  // namespace

std::map<std::string, std::string> TableVars(const TableInfo& t, Dialect dialect) {
  std::map<std::string, std::string> v{{"table", t.Quoted()}};
  std::vector<std::string> match_t, match_u, match_r, set, cols, row_cols, before_cols, obj;
  for (const auto& k : t.key) {
    std::string qk = QuoteIdent(k);
    match_t.push_back("t." + qk + " = (r.wb_row)." + qk);
    match_u.push_back("t." + qk + " = json_extract(wb_undo.row_key, " + JsonPath(k) + ")");
    match_r.push_back("t." + qk + " = json_extract(r.row_key, " + JsonPath(k) + ")");
  }
  for (const auto& c : t.columns) {
    std::string qc = QuoteIdent(c);
    cols.push_back(qc);
    row_cols.push_back("(r.wb_row)." + qc);
    before_cols.push_back("json_extract(r.before, " + JsonPath(c) + ")");
    obj.push_back(QuoteLiteral(c) + ", t." + qc);
    // Key columns keep their value (the row is matched by them).
    if (IsKey(t, c)) continue;
    set.push_back(qc + " = " + (dialect == Dialect::kPostgres ? "(r.wb_row)." + qc : before_cols.back()));
  }
  if (set.empty()) {  // a table of key columns only: an update is never needed, keep the SQL valid
    std::string qk = QuoteIdent(t.key[0]);
    set.push_back(qk + " = " + qk);
  }
  v["key_match_t"] = util::Join(match_t, " AND ");
  v["key_match_u"] = util::Join(match_u, " AND ");
  v["key_match_r"] = util::Join(match_r, " AND ");
  v["set_list"] = util::Join(set, ", ");
  v["columns"] = util::Join(cols, ", ");
  v["row_columns"] = util::Join(row_cols, ", ");
  v["before_columns"] = util::Join(before_cols, ", ");
  v["cols_t"] = util::Join(obj, ", ");
  return v;
}

}  // namespace wayback::journal
