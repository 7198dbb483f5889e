#include "journal/statement_targets.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "util/strings.h"

namespace wayback::journal {
namespace {

void CollectTargets(const nlohmann::json& plan, std::vector<std::string>& out) {
  if (!plan.is_object()) return;
  if (plan.value("Node Type", "") == "ModifyTable" && plan.contains("Relation Name")) {
    std::string label = plan.value("Schema", "") + "." + plan.value("Relation Name", "");
    if (std::find(out.begin(), out.end(), label) == out.end()) out.push_back(label);
  }
  if (plan.contains("Plans")) {
    for (const auto& child : plan["Plans"]) CollectTargets(child, out);
  }
}

}  // namespace

bool IsDml(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i]))) {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      size_t nl = sql.find('\n', i);
      i = nl == std::string_view::npos ? sql.size() : nl + 1;
    } else if (sql.compare(i, 2, "/*") == 0) {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  size_t j = i;
  while (j < sql.size() && std::isalpha(static_cast<unsigned char>(sql[j]))) ++j;
  std::string word = util::ToLower(sql.substr(i, j - i));
  return word == "insert" || word == "update" || word == "delete" || word == "with" || word == "replace" ||
         word == "merge";
}

Result<std::vector<std::string>> WrittenTables(backend::Connection& conn, std::string_view sql) {
  // The statement is user SQL: appended as is, never through a template.
  WB_ASSIGN(backend::Rows rows, conn.Query("EXPLAIN (VERBOSE, COSTS OFF, FORMAT JSON) " + std::string(sql)));
  std::vector<std::string> out;
  if (rows.empty()) return out;
  auto plans = nlohmann::json::parse(rows.Text(0, 0), nullptr, false);
  if (!plans.is_array()) return out;
  for (const auto& p : plans) {
    if (p.contains("Plan")) CollectTargets(p["Plan"], out);
  }
  return out;
}

}  // namespace wayback::journal
