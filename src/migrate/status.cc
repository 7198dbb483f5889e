// status and history: read-only views of a target. They never create state.
#include <map>

#include "migrate/target_session.h"
#include "wayback/deploy.h"

namespace wayback {

Result<StatusReport> GetStatus(const Target& target) {
  WB_ASSIGN(migrate::TargetSession s, migrate::OpenTarget(target));
  StatusReport r;
  r.target = target.name;
  r.database = s.conn->Describe();
  WB_ASSIGN(r.applied, s.state->List());
  migrate::Comparison c = migrate::Compare(s.migrations, r.applied);
  for (const auto* m : c.pending) r.pending.push_back(*m);
  for (const auto* a : c.ahead) r.ahead.push_back(*a);
  for (auto [m, a] : c.edited) r.edited.push_back({m->version, m->name, a->up_checksum, m->up.checksum});
  for (auto [m, a] : c.down_changed) {
    r.down_changed.push_back({m->version, m->name, a->down_checksum.value_or(""),
                              m->down ? m->down->checksum : std::string()});
  }
  // A failure matters while the migration is still pending: the latest event
  // per version decides.
  WB_ASSIGN(std::vector<Event> events, s.state->Events());
  std::map<std::string, const Event*> latest;
  for (const auto& e : events) {
    if (e.kind == "apply" || e.kind == "fail" || e.kind == "rollback" || e.kind == "start") {
      latest[e.version] = &e;
    }
  }
  for (const auto* m : c.pending) {
    auto it = latest.find(m->version);
    if (it == latest.end()) continue;
    const Event& e = *it->second;
    if (e.kind == "fail") {
      r.failed.push_back({m->version, m->name, e.at, e.error, e.statement_index, m->up.directives.no_transaction});
    } else if (e.kind == "start") {
      // A no-transaction attempt that neither finished nor recorded a failure:
      // the deployer was killed or lost its connection part-way.
      r.failed.push_back({m->version, m->name, e.at,
                          "interrupted: started by " + e.actor + " and never finished; some statements may "
                          "have been applied",
                          std::nullopt, true});
    }
  }
  return r;
}

Result<std::vector<Event>> History(const Target& target) {
  WB_ASSIGN(migrate::TargetSession s, migrate::OpenTarget(target, migrate::FileSet::kBestEffort));
  return s.state->Events();
}

}  // namespace wayback
