#include "verify/fingerprint.h"

#include "util/text_array.h"

namespace wayback::verify {
namespace {

std::string PostgresBranch(const TableModel& t, size_t index) {
  std::string items = "count(*)::text";
  for (const auto& c : t.columns) {
    std::string q = Quote(c.name);
    items += ", count(" + q + ")::text, coalesce(sum(hashtextextended(" + q + "::text, 0)), 0)::text";
  }
  return "SELECT " + std::to_string(index) + ", ARRAY[" + items + "] FROM " + t.sql_name;
}

std::shared_ptr<const TablePrint> Fill(const TableModel& t, const std::vector<std::string>& v) {
  auto out = std::make_shared<TablePrint>();
  TablePrint& p = *out;
  p.rows = v.empty() ? 0 : std::atoll(v[0].c_str());
  for (size_t i = 0; i < t.columns.size() && 2 + 2 * i < v.size(); ++i) {
    p.columns[t.columns[i].name] = {std::atoll(v[1 + 2 * i].c_str()), v[2 + 2 * i]};
  }
  return out;
}

}  // namespace

std::string PostgresFingerprintQuery(const Tables& tables) {
  std::string sql;
  for (size_t i = 0; i < tables.size(); ++i) sql += (i ? " UNION ALL " : "") + PostgresBranch(*tables[i], i);
  return sql;
}

DataPrint ReadPostgresFingerprint(const Tables& tables, const backend::Rows& rows) {
  DataPrint out;
  for (size_t r = 0; r < rows.size(); ++r) {
    size_t i = static_cast<size_t>(std::atoll(rows.Text(r, 0).c_str()));
    if (i < tables.size()) out[tables[i]->sql_name] = Fill(*tables[i], util::TextArrayElements(rows.Text(r, 1)));
  }
  return out;
}

Result<DataPrint> Fingerprint(backend::Connection& conn, const Tables& tables) {
  DataPrint out;
  if (tables.empty()) return out;
  if (conn.dialect() == Dialect::kPostgres) {
    WB_ASSIGN(backend::Rows rows, MapError(conn.Query(PostgresFingerprintQuery(tables)),
                                           [](Error e) { return e.context("fingerprinting data"); }));
    return ReadPostgresFingerprint(tables, rows);
  }
  for (const auto& table : tables) {
    const TableModel& t = *table;
    std::string items = "count(*)";
    for (const auto& c : t.columns) items += ", count(" + Quote(c.name) + "), wayback_hash(" + Quote(c.name) + ")";
    WB_ASSIGN(backend::Rows rows, MapError(conn.Query("SELECT " + items + " FROM " + t.sql_name),
                                           [&](Error e) { return e.context("fingerprinting " + t.sql_name); }));
    std::vector<std::string> v;
    for (size_t c = 0; c < rows.columns.size(); ++c) v.push_back(rows.Text(0, c));
    out[t.sql_name] = Fill(t, v);
  }
  return out;
}

std::vector<DataLoss> CompareData(const DataPrint& before, const DataPrint& after) {
  std::vector<DataLoss> out;
  for (const auto& [table, bp] : before) {
    auto it = after.find(table);
    if (it == after.end() || it->second == bp) continue;
    const TablePrint& a = *it->second;
    const TablePrint& b = *bp;
    if (a.rows != b.rows) out.push_back({table, "", b.rows, a.rows});
    for (const auto& [col, bc] : b.columns) {
      auto ac = a.columns.find(col);
      if (ac == a.columns.end()) continue;
      if (ac->second.values == bc.values && ac->second.hash == bc.hash) continue;
      DataLoss d{table, col, b.rows, a.rows, bc.values, ac->second.values};
      d.values_changed = ac->second.values == bc.values;
      out.push_back(d);
    }
  }
  return out;
}

}  // namespace wayback::verify
