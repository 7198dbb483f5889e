#include "journal_view.h"

namespace wayback::cli {

nlohmann::json ImageJson(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::json(text) : j;
}

int64_t TotalRows(const RunInfo& r) {
  int64_t n = 0;
  for (const auto& [t, rows] : r.tables) n += rows;
  return n;
}

std::string TablesText(const RunInfo& r) {
  if (r.tables.empty()) return "no rows";
  std::string out;
  for (const auto& [t, rows] : r.tables) out += (out.empty() ? "" : ", ") + t + " " + std::to_string(rows);
  return out;
}

nlohmann::json ToJson(const RunInfo& r) {
  nlohmann::json tables = nlohmann::json::object();
  for (const auto& [t, rows] : r.tables) tables[t] = rows;
  nlohmann::json j = {{"id", r.id},           {"label", r.label},         {"kind", r.kind},
                      {"state", r.state},     {"started_at", r.started_at}, {"finished_at", r.finished_at},
                      {"actor", r.actor},     {"rows", TotalRows(r)},     {"tables", tables}};
  if (!r.undoes.empty()) j["undoes"] = r.undoes;
  return j;
}

nlohmann::json ToJson(const UndoReport& r) {
  nlohmann::json conflicts = nlohmann::json::array();
  for (const auto& c : r.conflicts) {
    conflicts.push_back({{"table", c.table},
                         {"key", ImageJson(c.key)},
                         {"wrote", ImageJson(c.wrote)},
                         {"now", ImageJson(c.now)},
                         {"before", ImageJson(c.want)}});
  }
  nlohmann::json j = {{"run", r.run_id},
                      {"dry_run", r.dry_run},
                      {"restored", r.restored},
                      {"reinserted", r.reinserted},
                      {"deleted", r.deleted},
                      {"unchanged", r.unchanged},
                      {"forced", r.forced},
                      {"conflicts_total", r.conflicts_total},
                      {"conflicts", conflicts}};
  if (!r.undo_run_id.empty()) j["undo_run"] = r.undo_run_id;
  if (r.dry_run) {
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& c : r.changes) {
      changes.push_back({{"table", c.table},
                         {"key", ImageJson(c.key)},
                         {"action", c.action},
                         {"from", ImageJson(c.from)},
                         {"to", ImageJson(c.to)}});
    }
    j["changes"] = changes;
  }
  return j;
}

}  // namespace wayback::cli
