#include "classify_view.h"

#include <algorithm>

#include "wayback/migration.h"

namespace wayback::cli {

std::map<std::string, MigrationClass> ClassifyVersions(const Target& target, const std::vector<std::string>& versions) {
  std::map<std::string, MigrationClass> out;
  if (versions.empty()) return out;
  auto set = LoadMigrations(target.migrations_dir, target.url.dialect);
  if (!set) return out;
  for (size_t i = 0; i < set->size(); ++i) {
    const std::string& v = (*set)[i].version;
    if (std::find(versions.begin(), versions.end(), v) == versions.end()) continue;
    if (auto c = ClassifyMigration(*set, i, target.url.dialect)) out.emplace(v, std::move(*c));
  }
  return out;
}

std::string ClassTag(const Context& ctx, const MigrationClass& c) {
  std::string headline = HeadlineClass(c.classes);
  Color color = headline == "reversible" ? Color::kGreen : headline == "transforming" ? Color::kYellow : Color::kRed;
  // "classified" (lint, from the statements) beside "verified" (verify, from a round trip).
  std::string tag = "  classified " + ctx.Paint(color, headline);
  std::string all = ChangeClassNames(c.classes);
  if (all != headline) tag += ctx.Paint(Color::kDim, " (" + all + ")");
  return tag;
}

std::vector<std::string> LockLines(const MigrationClass& c) {
  std::vector<std::string> lines;
  for (const auto& s : c.statements) {
    if (!s.lock.empty()) lines.push_back("line " + std::to_string(s.line) + ": " + s.lock);
  }
  return lines;
}

nlohmann::json ClassJson(const MigrationClass& c) {
  nlohmann::json statements = nlohmann::json::array();
  for (const auto& s : c.statements) {
    nlohmann::json j = {{"line", s.line}, {"classes", ChangeClassNames(s.classes)}};
    if (!s.lock.empty()) j["lock"] = s.lock;
    if (!s.notes.empty()) j["notes"] = s.notes;
    statements.push_back(j);
  }
  return {{"verdict", HeadlineClass(c.classes)}, {"classes", ChangeClassNames(c.classes)}, {"statements", statements}};
}

}  // namespace wayback::cli
