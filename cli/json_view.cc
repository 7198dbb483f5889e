#include "json_view.h"

namespace wayback::cli {

namespace {

nlohmann::json Applied(const AppliedMigration& a) {
  nlohmann::json j = {{"version", a.version},       {"name", a.name},
                      {"applied_at", a.applied_at}, {"applied_by", a.applied_by},
                      {"duration_ms", a.duration_ms}, {"down_stored", a.DownStored()},
                      {"up_checksum", a.up_checksum}};
  if (a.irreversible_reason) j["irreversible"] = *a.irreversible_reason;
  return j;
}

nlohmann::json Edited(const EditedMigration& e) {
  return {{"version", e.version},
          {"name", e.name},
          {"stored_checksum", e.stored_checksum},
          {"file_checksum", e.file_checksum}};
}

}  // namespace

nlohmann::json ToJson(const StatusReport& r) {
  nlohmann::json j = {{"target", r.target}, {"database", r.database}};
  j["applied"] = nlohmann::json::array();
  for (const auto& a : r.applied) j["applied"].push_back(Applied(a));
  j["pending"] = nlohmann::json::array();
  for (const auto& m : r.pending) {
    nlohmann::json p = {{"version", m.version}, {"name", m.name}, {"file", m.up.path.string()}};
    if (m.up.directives.irreversible) p["irreversible"] = *m.up.directives.irreversible;
    j["pending"].push_back(p);
  }
  j["ahead"] = nlohmann::json::array();
  for (const auto& a : r.ahead) j["ahead"].push_back(Applied(a));
  j["edited"] = nlohmann::json::array();
  for (const auto& e : r.edited) j["edited"].push_back(Edited(e));
  j["down_changed"] = nlohmann::json::array();
  for (const auto& e : r.down_changed) j["down_changed"].push_back(Edited(e));
  j["failed"] = nlohmann::json::array();
  for (const auto& f : r.failed) {
    nlohmann::json x = {{"version", f.version}, {"name", f.name}, {"at", f.at}, {"error", f.error},
                        {"no_transaction", f.no_transaction}};
    if (f.statement_index) x["statement_index"] = *f.statement_index;
    j["failed"].push_back(x);
  }
  return j;
}

nlohmann::json ToJson(const DeployReport& r) {
  nlohmann::json j = {{"target", r.target}, {"dry_run", r.dry_run}};
  j["steps"] = nlohmann::json::array();
  for (const auto& s : r.steps) {
    nlohmann::json x = {{"version", s.version}, {"name", s.name}, {"direction", s.direction}};
    if (r.dry_run) {
      x["statements"] = s.statements;
    } else {
      x["duration_ms"] = s.duration_ms;
      x["skipped"] = s.skipped;
    }
    j["steps"].push_back(x);
  }
  j["notes"] = r.notes;
  return j;
}

nlohmann::json ToJson(const Event& e) {
  nlohmann::json j = {{"id", e.id}, {"at", e.at}, {"kind", e.kind}, {"version", e.version},
                      {"name", e.name}, {"actor", e.actor}};
  if (e.statement_index) j["statement_index"] = *e.statement_index;
  if (!e.error.empty()) j["error"] = e.error;
  if (!e.detail.empty()) j["detail"] = e.detail;
  if (e.duration_ms) j["duration_ms"] = *e.duration_ms;
  return j;
}

}  // namespace wayback::cli
