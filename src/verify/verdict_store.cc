#include "verify/verdict_store.h"

#include <nlohmann/json.hpp>

#include "migrate/named_queries.h"
#include "migrate/state_store.h"
#include "util/clock.h"

namespace wayback::verify {
namespace {

const std::string& Sql(backend::Connection& conn, std::string_view name) {
  return migrate::StageQuery("verify", conn.dialect(), name);
}

std::string Detail(const MigrationVerdict& v) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : v.findings) {
    findings.push_back({{"verdict", VerdictName(f.verdict)}, {"message", f.message}, {"details", f.details}});
  }
  return nlohmann::json{{"findings", findings}}.dump();
}

}  // namespace

Status StoreVerdicts(backend::Connection& conn, const std::vector<MigrationVerdict>& verdicts) {
  WB_ASSIGN(auto statements, backend::SplitScript(conn.dialect(), Sql(conn, "create")));
  // One transaction, sent as one pipeline where the engine has them: a
  // verdict and its event per migration add no round trip.
  std::vector<backend::Step> steps{{"BEGIN", {}, ""}};
  for (const auto& s : statements) steps.push_back({s.text, {}, ""});
  migrate::StateStore state(conn);
  std::string now = util::NowIso8601();
  std::string actor = util::CurrentActor();
  for (const auto& v : verdicts) {
    steps.push_back({Sql(conn, "upsert"),
                     {v.up_checksum, v.down_checksum, v.version, v.name, VerdictName(v.verdict), v.Summary(),
                      Detail(v), now, actor},
                     ""});
    Event e;
    e.at = now;
    e.kind = "verify";
    e.version = v.version;
    e.name = v.name;
    e.actor = actor;
    e.detail = std::string(VerdictName(v.verdict)) + ": " + v.Summary();
    e.duration_ms = v.duration_ms;
    steps.push_back(state.RecordStep(e));
  }
  steps.push_back({"COMMIT", {}, ""});
  if (auto done = conn.RunSteps(steps); !done) {
    (void)conn.Rollback();
    return Fail(std::move(done.error().error));
  }
  return {};
}

Result<std::vector<StoredVerdict>> ReadVerdicts(backend::Connection& conn) {
  std::vector<StoredVerdict> out;
  WB_ASSIGN(backend::Rows exists, conn.Query(Sql(conn, "exists")));
  if (exists.Text(0, 0) == "0") return out;
  WB_ASSIGN(backend::Rows rows, conn.Query(Sql(conn, "list")));
  for (size_t i = 0; i < rows.size(); ++i) {
    StoredVerdict v;
    v.version = rows.Text(i, 0);
    v.name = rows.Text(i, 1);
    v.up_checksum = rows.Text(i, 2);
    v.down_checksum = rows.Text(i, 3);
    v.verdict = ParseVerdict(rows.Text(i, 4)).value_or(Verdict::kBroken);
    v.summary = rows.Text(i, 5);
    v.verified_at = rows.Text(i, 6);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace wayback::verify
