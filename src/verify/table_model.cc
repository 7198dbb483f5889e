#include "verify/table_model.h"

#include <algorithm>
#include <functional>
#include <map>
#include <regex>
#include <set>

#include "util/strings.h"

namespace wayback::verify {
namespace {

std::vector<std::string> SplitUnit(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '\x1f') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string Attr(const SchemaObject& o, const char* name) {
  auto it = o.attrs.find(name);
  return it == o.attrs.end() ? std::string() : it->second;
}

// The allowed values of `col = ANY (ARRAY['a'::text, …])` (PostgreSQL's
// rendering of IN) or `col IN ('a', …)` (SQLite's text), if `check` is one.
std::vector<std::string> AllowedValues(const std::string& check, const std::string& column) {
  static const std::regex any(R"(= ANY \(\(?ARRAY\[(.*)\]\)?)", std::regex::icase);
  static const std::regex in(R"(\bin\s*\((.*)\))", std::regex::icase);
  static const std::regex literal(R"('((?:[^']|'')*)')");
  std::smatch m;
  if (check.find(column) == std::string::npos) return {};
  std::string list;
  if (std::regex_search(check, m, any) || std::regex_search(check, m, in)) list = m[1].str();
  if (list.empty() || check.find(" AND ") != std::string::npos || check.find(" OR ") != std::string::npos) return {};
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(list.begin(), list.end(), literal); it != std::sregex_iterator(); ++it) {
    std::string v = (*it)[1].str();
    for (size_t p = v.find("''"); p != std::string::npos; p = v.find("''", p + 1)) v.erase(p, 1);
    out.push_back(v);
  }
  return out;
}

// The objects a table's model is made of, the table first: its columns,
// constraints, keys and foreign keys (names `<table>.<…>`).
std::vector<std::shared_ptr<SchemaObject>> PartsOf(const SchemaSnapshot& snap,
                                                   const std::shared_ptr<SchemaObject>& table) {
  std::vector<std::shared_ptr<SchemaObject>> parts{table};
  for (const char* kind : {"column", "constraint", "key", "foreign key"}) {
    std::string prefix = std::string(kind) + " " + table->name + ".";
    for (auto it = snap.objects.lower_bound(prefix); it != snap.objects.end() && util::StartsWith(it->first, prefix);
         ++it) {
      parts.push_back(it->second);
    }
  }
  return parts;
}

// PartsOf(snap, table) == parts, without building the vector.
bool SameParts(const SchemaSnapshot& snap, const std::shared_ptr<SchemaObject>& table,
               const std::vector<std::shared_ptr<SchemaObject>>& parts) {
  if (parts.empty() || parts.front() != table) return false;
  size_t at = 1;
  for (const char* kind : {"column", "constraint", "key", "foreign key"}) {
    std::string prefix = std::string(kind) + " " + table->name + ".";
    for (auto it = snap.objects.lower_bound(prefix); it != snap.objects.end() && util::StartsWith(it->first, prefix);
         ++it) {
      if (at >= parts.size() || parts[at++] != it->second) return false;
    }
  }
  return at == parts.size();
}

TableModel BuildModel(const std::vector<std::shared_ptr<SchemaObject>>& parts, Dialect dialect) {
  const SchemaObject& o = *parts.front();
  TableModel t;
  t.sql_name = o.name;
  std::vector<std::pair<int, ColumnModel>> cols;
  std::vector<std::string> checks;
  if (auto c = Attr(o, "checks"); !c.empty()) checks.push_back(c);
  for (size_t i = 1; i < parts.size(); ++i) {
    const SchemaObject& part = *parts[i];
    if (part.kind == "column") {
      const SchemaObject& co = part;
      ColumnModel c;
      c.name = Attr(co, "_name");
      c.type = dialect == Dialect::kPostgres ? Attr(co, "_base") : Attr(co, "type");
      c.category = Attr(co, "_category");
      c.not_null = co.attrs.count("not null") > 0;
      c.has_default = co.attrs.count("_default_any") > 0;
      c.generated = co.attrs.count("generated") > 0 || co.attrs.count("identity") > 0;
      std::string def = Attr(co, "default");
      c.serial = co.attrs.count("identity") > 0 || def.find("nextval(") != std::string::npos;
      if (dialect == Dialect::kSqlite && Attr(co, "primary key") == "1" && c.type == "INTEGER") c.serial = true;
      c.allowed = SplitUnit(Attr(co, "_enum"));
      if (auto dc = Attr(co, "_domain_check"); !dc.empty() && c.allowed.empty()) c.allowed = AllowedValues(dc, "VALUE");
      cols.emplace_back(std::atoi(Attr(co, "position").c_str()), std::move(c));
    } else {  // a constraint, key or foreign key
      const SchemaObject& k = part;
      std::string type = Attr(k, "_type");
      if (type == "p") t.primary_key.push_back(SplitUnit(Attr(k, "_cols")));
      if (type == "f") {
        t.foreign_keys.push_back({SplitUnit(Attr(k, "_cols")), Attr(k, "_reftable"), SplitUnit(Attr(k, "_refcols"))});
      }
      if (type == "c") checks.push_back(Attr(k, "definition"));
    }
  }
  std::sort(cols.begin(), cols.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [pos, c] : cols) {
    if (c.allowed.empty()) {
      for (const auto& ch : checks) {
        // Only a CHECK on this one column: the first column named in it.
        for (const std::string& form : {c.name, Quote(c.name)}) {
          if (ch.find("(" + form + " ") != std::string::npos || ch.find("(" + form + ")") != std::string::npos) {
            c.allowed = AllowedValues(ch, form);
          }
          if (!c.allowed.empty()) break;
        }
        if (!c.allowed.empty()) break;
      }
    }
    t.columns.push_back(std::move(c));
  }
  return t;
}

}  // namespace

std::string Quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::shared_ptr<const Tables> TableModels::Of(const SchemaSnapshot& snap, const std::set<std::string>* changed) {
  if (changed && ordered_) {
    bool same = true;
    for (const auto& name : *changed) {
      auto it = snap.objects.find("table " + name);
      auto memo = memo_.find(name);
      if (it == snap.objects.end() || it->second->attrs.count("partition bound")) {
        if (memo != memo_.end()) {
          memo_.erase(memo);
          same = false;
        }
      } else if (memo == memo_.end() || !SameParts(snap, it->second, memo->second.parts)) {
        Memo& m = memo_[name];
        m.parts = PartsOf(snap, it->second);
        m.model = std::make_shared<const TableModel>(BuildModel(m.parts, dialect_));
        same = false;
      }
    }
    return same ? ordered_ : Ordered();
  }
  // Memos are updated in place: most tables are the same as last time.
  ++generation_;
  bool same = static_cast<bool>(ordered_);
  const std::string prefix = "table ";
  for (auto it = snap.objects.lower_bound(prefix); it != snap.objects.end() && util::StartsWith(it->first, prefix);
       ++it) {
    const std::shared_ptr<SchemaObject>& table = it->second;
    if (table->attrs.count("partition bound")) continue;
    Memo& memo = memo_[table->name];
    memo.generation = generation_;
    if (!SameParts(snap, table, memo.parts)) {
      same = false;
      memo.parts = PartsOf(snap, table);
      memo.model = std::make_shared<const TableModel>(BuildModel(memo.parts, dialect_));
    }
  }
  for (auto it = memo_.begin(); it != memo_.end();) {
    if (it->second.generation == generation_) {
      ++it;
    } else {
      same = false;
      it = memo_.erase(it);
    }
  }
  return same ? ordered_ : Ordered();
}

std::shared_ptr<const Tables> TableModels::Ordered() {
  // Parents first (depth-first over foreign keys; a table is marked when its
  // visit starts, which also cuts cycles).
  auto ordered_tables = std::make_shared<Tables>();
  Tables& ordered = *ordered_tables;
  ordered.reserve(memo_.size());
  const uint64_t now = ++ordering_;
  std::function<void(Memo&)> visit = [&](Memo& memo) {
    if (memo.placed == now) return;
    memo.placed = now;
    for (const auto& fk : memo.model->foreign_keys) {
      if (auto parent = memo_.find(fk.ref_table); parent != memo_.end()) visit(parent->second);
    }
    ordered.push_back(memo.model);
  };
  for (auto& [name, memo] : memo_) visit(memo);
  ordered_ = std::move(ordered_tables);
  return ordered_;
}

std::vector<TableModel> TablesOf(const SchemaSnapshot& snap, Dialect dialect) {
  std::vector<TableModel> out;
  for (const auto& t : *TableModels(dialect).Of(snap)) out.push_back(*t);
  return out;
}

}  // namespace wayback::verify
