#include "verify/seeder.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "util/strings.h"

namespace wayback::verify {
namespace {

bool Has(const std::string& type, const char* part) { return type.find(part) != std::string::npos; }

// "character varying(12)" → 12; 0 when unbounded.
size_t MaxLength(const std::string& type) {
  if (!(Has(type, "char") || Has(type, "CHAR") || Has(type, "bit"))) return 0;
  size_t open = type.find('(');
  return open == std::string::npos ? 0 : static_cast<size_t>(std::atoi(type.c_str() + open + 1));
}

std::string Text(int64_t k) {
  std::string n = std::to_string(k);
  switch (k % 4) {
    case 0: return "w" + n;
    case 1: return "w" + n + " x";
    case 2: return "w" + n + "  x y";
    default: return "W" + n + " \xc3\xa9t\xc3\xa9";
  }
}

std::string Date(int64_t k) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "20%02d-%02d-%02d", static_cast<int>(k % 30), static_cast<int>(1 + k % 12),
                static_cast<int>(1 + k % 28));
  return buf;
}

std::string Time(int64_t k) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(k % 24), static_cast<int>(k % 60),
                static_cast<int>((k / 60) % 60));
  return buf;
}

std::optional<std::string> PostgresValue(const ColumnModel& c, int64_t k) {
  const std::string& t = c.type;
  std::string n = std::to_string(k);
  if (c.category == "B") return k % 2 ? "true" : "false";
  if (c.category == "N") {
    if (Has(t, "smallint")) return std::to_string(k % 30000);
    if (Has(t, "numeric")) {
      // numeric(p,s): keep to p - s integer digits.
      size_t open = t.find('(');
      int p = open == std::string::npos ? 18 : std::atoi(t.c_str() + open + 1);
      size_t comma = t.find(',');
      int s = comma == std::string::npos ? 0 : std::atoi(t.c_str() + comma + 1);
      int64_t mod = 1;
      for (int i = 0; i < std::min(p - s, 15); ++i) mod *= 10;
      return std::to_string(k % mod);
    }
    if (Has(t, "real") || Has(t, "double")) return n + ".25";
    if (Has(t, "int") || Has(t, "money")) return n;
    return std::nullopt;  // oid and reg* types
  }
  if (c.category == "S") {
    std::string v = t == "\"char\"" ? std::string(1, static_cast<char>('a' + k % 26)) : Text(k);
    size_t max = MaxLength(t);
    if (max > 0 && v.size() > max) v = n.size() <= max ? n : n.substr(n.size() - max);
    return v;
  }
  if (c.category == "D") {
    if (util::StartsWith(t, "date")) return Date(k);
    if (util::StartsWith(t, "time ") || t == "time" || util::StartsWith(t, "time(")) return Time(k);
    return Date(k) + " " + Time(k);
  }
  if (c.category == "T") return n + " minutes";
  if (c.category == "I") {
    return "10." + std::to_string((k >> 16) % 256) + "." + std::to_string((k >> 8) % 256) + "." +
           std::to_string(k % 256);
  }
  if (c.category == "A") return "{}";
  if (c.category == "V") return "1";
  if (c.category == "G" && Has(t, "point")) return "(" + n + "," + n + ")";
  if (c.category == "R") return "empty";
  if (c.category == "U") {
    if (t == "uuid") {
      char buf[40];
      std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012lld", static_cast<long long>(k));
      return buf;
    }
    if (t == "bytea") {
      char buf[32];
      std::snprintf(buf, sizeof buf, "\\x%08llx", static_cast<unsigned long long>(k));
      return buf;
    }
    if (t == "json" || t == "jsonb") return "{\"k\": " + n + ", \"s\": \"" + Text(k) + "\"}";
    if (t == "xml") return "<v>" + n + "</v>";
  }
  return std::nullopt;
}

// SQLite: by the declared type's affinity (https://sqlite.org/datatype3.html).
std::string SqliteValue(const ColumnModel& c, int64_t k) {
  const std::string& t = c.type;
  std::string n = std::to_string(k);
  if (Has(t, "BOOL")) return k % 2 ? "1" : "0";
  if (Has(t, "INT")) return n;
  if (Has(t, "CHAR") || Has(t, "CLOB") || Has(t, "TEXT")) {
    std::string v = Text(k);
    size_t max = MaxLength(t);
    return max > 0 && v.size() > max ? n : v;
  }
  if (Has(t, "DATE") || Has(t, "TIME")) return Has(t, "TIME") ? Date(k) + " " + Time(k) : Date(k);
  if (Has(t, "REAL") || Has(t, "FLOA") || Has(t, "DOUB")) return n + ".25";
  if (t.empty() || Has(t, "BLOB")) return Text(k);
  return n;  // NUMERIC affinity
}

}  // namespace

std::optional<std::string> SyntheticValue(const ColumnModel& c, int64_t k, Dialect dialect) {
  if (!c.allowed.empty()) return c.allowed[static_cast<size_t>(k) % c.allowed.size()];
  return dialect == Dialect::kPostgres ? PostgresValue(c, k) : SqliteValue(c, k);
}

std::vector<SeedNote> Seeder::Seed(const Tables& tables, const DataPrint& print) {
  std::vector<SeedNote> notes;
  written_.clear();
  for (const auto& table : tables) {
    const TableModel& t = *table;
    auto it = print.find(t.sql_name);
    int64_t have = it == print.end() ? 0 : it->second->rows;
    if (have >= rows_) continue;
    std::string layout = t.sql_name;
    for (const auto& c : t.columns) layout += "|" + c.name + ":" + c.type;
    if (given_up_.count(layout)) continue;
    SeedNote note = SeedTable(t, rows_ - have);
    if (!note.problem.empty()) given_up_.insert(layout);
    if (note.inserted > 0) written_.insert(t.sql_name);
    notes.push_back(std::move(note));
  }
  // A column added by an earlier migration is empty in rows seeded before it
  // existed; in production the application fills it. Give it a value, so
  // that dropping it later shows as loss.
  for (const auto& table : tables) {
    const TableModel& t = *table;
    auto it = print.find(t.sql_name);
    if (it == print.end() || it->second->rows == 0) continue;
    for (const auto& c : t.columns) {
      auto pc = it->second->columns.find(c.name);
      if (pc == it->second->columns.end() || pc->second.values > 0 || c.generated || c.serial) continue;
      bool is_fk = false;
      for (const auto& fk : t.foreign_keys) {
        for (const auto& col : fk.columns) is_fk = is_fk || col == c.name;
      }
      std::string key = t.sql_name + "|fill|" + c.name + ":" + c.type;
      if (is_fk || given_up_.count(key)) continue;
      auto v = SyntheticValue(c, ++counter_, conn_.dialect());
      if (!v) continue;
      std::string p = conn_.dialect() == Dialect::kPostgres ? "$1" : "?1";
      auto done = conn_.Query("UPDATE " + t.sql_name + " SET " + Quote(c.name) + " = " + p + " WHERE " +
                                  Quote(c.name) + " IS NULL",
                              {*v});
      if (!done) {
        given_up_.insert(key);
        notes.push_back({t.sql_name, 0, "could not fill column " + c.name + ": " + done.error().message()});
      } else {
        notes.push_back({t.sql_name + "." + Quote(c.name), it->second->rows, ""});
        written_.insert(t.sql_name);
      }
    }
  }
  return notes;
}

SeedNote Seeder::SeedTable(const TableModel& t, int64_t need) {
  SeedNote note{t.sql_name, 0, ""};
  Dialect d = conn_.dialect();
  auto param = [d](size_t i) { return (d == Dialect::kPostgres ? "$" : "?") + std::to_string(i); };
  // Parent rows for each foreign key: values of the referenced columns.
  std::map<std::string, std::pair<const ForeignKeyModel*, size_t>> fk_of;  // column → (fk, index in fk)
  std::vector<backend::Rows> parents(t.foreign_keys.size());
  for (size_t f = 0; f < t.foreign_keys.size(); ++f) {
    const auto& fk = t.foreign_keys[f];
    std::vector<std::string> refs = fk.ref_columns;
    std::string cols;
    for (size_t i = 0; i < fk.columns.size(); ++i) {
      cols += (i ? ", " : "") + (i < refs.size() && !refs[i].empty() ? Quote(refs[i]) : std::string("rowid"));
      fk_of[fk.columns[i]] = {&fk, i};
    }
    auto rows = conn_.Query("SELECT " + cols + " FROM " + fk.ref_table + " LIMIT 100");
    if (rows) parents[f] = std::move(*rows);
  }
  std::vector<const ColumnModel*> written;
  for (const auto& c : t.columns) {
    if (c.generated || c.serial) continue;
    written.push_back(&c);
  }
  std::string prefix = "INSERT INTO " + t.sql_name;
  if (written.empty()) {
    prefix += d == Dialect::kPostgres ? " DEFAULT VALUES" : " DEFAULT VALUES";
  } else {
    prefix += " (";
    for (size_t i = 0; i < written.size(); ++i) prefix += (i ? ", " : "") + Quote(written[i]->name);
    prefix += ") VALUES ";
  }
  // One row's values; an error string when a NOT NULL column has no possible value.
  auto make_row = [&](int64_t k, int64_t row, backend::Params& out) -> std::string {
    for (const ColumnModel* c : written) {
      auto fk = fk_of.find(c->name);
      if (fk != fk_of.end()) {
        size_t f = static_cast<size_t>(fk->second.first - t.foreign_keys.data());
        const backend::Rows& p = parents[f];
        if (p.empty()) {
          if (c->not_null) return "no row in " + fk->second.first->ref_table + " to reference";
          out.push_back(std::nullopt);
        } else {
          out.push_back(p.rows[static_cast<size_t>(row) % p.size()][fk->second.second]);
        }
        continue;
      }
      auto v = SyntheticValue(*c, k, d);
      if (!v && c->not_null && !c->has_default) return "no synthetic value for column " + c->name + " (" + c->type + ")";
      out.push_back(v);
    }
    return "";
  };
  // The rows `from` … `to` - 1 in one INSERT: synthetic row k gets counter
  // value first_k + (row - from), as when inserted one by one.
  auto insert_rows = [&](int64_t from, int64_t to, int64_t first_k) -> std::string {
    backend::Params params;
    std::string sql = prefix;
    for (int64_t row = from; row < to; ++row) {
      size_t at = params.size();
      std::string problem = make_row(first_k + (row - from), row, params);
      if (!problem.empty()) return problem;
      if (written.empty()) continue;  // DEFAULT VALUES: one row a statement
      sql += row == from ? "(" : ", (";
      for (size_t i = at; i < params.size(); ++i) sql += (i > at ? ", " : "") + param(i + 1);
      sql += ")";
    }
    auto done = conn_.Query(sql, params);
    return done ? "" : done.error().message();
  };
  auto insert_one = [&](int64_t row) -> std::string { return insert_rows(row, row + 1, ++counter_); };
  // All rows in as few statements as the engines' parameter limits allow
  // (one round trip instead of one per row); a statement that fails is
  // done again row by row with the same values, so that every row that can
  // go in does, and the first problem is the one reported.
  const int64_t per_statement =
      written.empty() ? 1 : std::max<int64_t>(1, 30000 / static_cast<int64_t>(written.size()));
  for (int64_t from = 0; from < need;) {
    const int64_t to = std::min(need, from + per_statement);
    const int64_t first_k = counter_ + 1;
    if (to - from > 1 && insert_rows(from, to, first_k).empty()) {
      counter_ += to - from;
      note.inserted += to - from;
      from = to;
      continue;
    }
    for (int64_t row = from; row < to; ++row) {
      std::string problem = insert_one(row);
      if (problem.empty()) {
        ++note.inserted;
      } else if (note.problem.empty()) {
        note.problem = problem;
        if (note.inserted == 0 && row >= 2) return note;  // the same cause each time
      }
    }
    from = to;
  }
  return note;
}

}  // namespace wayback::verify
