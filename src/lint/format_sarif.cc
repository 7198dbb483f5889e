// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format): one run,
// the rule table as tool.driver.rules, one result per finding with a
// physicalLocation (relative URI, 1-based line and column).
#include <map>

#include <nlohmann/json.hpp>

#include "lint/format.h"

namespace wayback::lint {
namespace {

const char* Level(Severity s) { return s == Severity::kError ? "error" : s == Severity::kWarning ? "warning" : "note"; }

// A file path as a URI reference: forward slashes, spaces and % escaped.
std::string Uri(const std::filesystem::path& p) {
  std::string out;
  for (char c : p.generic_string()) {
    if (c == ' ') out += "%20";
    else if (c == '%') out += "%25";
    else out += c;
  }
  return out;
}

}  // namespace

std::string FormatSarif(const LintReport& r) {
  using nlohmann::json;
  json rules = json::array();
  std::map<std::string, size_t> index;
  for (const auto& rule : LintRules()) {
    index[rule.id] = rules.size();
    rules.push_back({{"id", rule.id},
                     {"name", rule.id},
                     {"shortDescription", {{"text", rule.summary}}},
                     {"helpUri", "docs/rules/" + rule.id + ".md"},
                     {"defaultConfiguration", {{"level", Level(rule.severity)}}}});
  }
  json results = json::array();
  for (const auto& f : r.findings) {
    json result = {{"ruleId", f.rule},
                   {"level", Level(f.severity)},
                   {"message", {{"text", f.message}}},
                   {"locations",
                    json::array({{{"physicalLocation",
                                   {{"artifactLocation", {{"uri", Uri(f.file)}}},
                                    {"region", {{"startLine", f.line}, {"startColumn", f.column}}}}}}})}};
    if (auto it = index.find(f.rule); it != index.end()) result["ruleIndex"] = it->second;
    if (!f.migration.empty()) result["properties"] = {{"migration", f.migration}};
    results.push_back(result);
  }
  json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({{{"tool", {{"driver", {{"name", "wayback"},
                                                            {"version", "0.1.0"},
                                                            {"rules", rules}}}}},
                                     {"results", results}}})}};
  return doc.dump(2) + "\n";
}

}  // namespace wayback::lint
