#include "verify/round_trip.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "backend/schema_snapshot.h"
#include "util/clock.h"
#include "util/strings.h"
#include "verify/ddl_visibility.h"
#include "verify/fingerprint.h"

namespace wayback::embedded {
std::string_view sql(std::string_view name);
}

namespace wayback::verify {
namespace {

std::vector<std::string> DiffLines(const SchemaSnapshot& before, const SchemaSnapshot& after) {
  std::vector<std::string> out;
  for (const auto& c : DiffSchemas(before, after)) out.push_back(c.Describe());
  return out;
}

void Add(MigrationVerdict& v, Verdict verdict, std::string message, std::vector<std::string> details = {}) {
  v.findings.push_back({verdict, std::move(message), std::move(details)});
}

// The most severe finding decides and is listed first; the order of the rest is kept.
void Decide(MigrationVerdict& v) {
  std::stable_sort(v.findings.begin(), v.findings.end(),
                   [](const VerifyFinding& a, const VerifyFinding& b) { return a.verdict > b.verdict; });
  v.verdict = v.findings.empty() ? Verdict::kReversible : v.findings.front().verdict;
}

// True when the statement ends or starts a transaction itself (then what the
// script wrote spans transactions the counters cannot see whole).
bool ControlsTransaction(const std::string& statement) {
  size_t i = 0;
  while (i < statement.size()) {
    if (std::isspace(static_cast<unsigned char>(statement[i]))) {
      ++i;
    } else if (statement.compare(i, 2, "--") == 0) {
      i = statement.find('\n', i);
      if (i == std::string::npos) return false;
    } else if (statement.compare(i, 2, "/*") == 0) {
      i = statement.find("*/", i);
      if (i == std::string::npos) return false;
      i += 2;
    } else {
      break;
    }
  }
  std::string word;
  while (i < statement.size() && std::isalpha(static_cast<unsigned char>(statement[i]))) {
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(statement[i++])));
  }
  return word == "begin" || word == "start" || word == "commit" || word == "end" || word == "rollback" ||
         word == "abort" || word == "prepare";
}

// The table names listed in a snapshot's "inherits" attribute ("a.b, \"c, d\".e").
std::vector<std::string> SplitNames(const std::string& list) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < list.size(); ++i) {
    char c = list[i];
    if (c == '"') quoted = !quoted;
    if (!quoted && c == ',') {
      out.push_back(cur);
      cur.clear();
      if (i + 1 < list.size() && list[i + 1] == ' ') ++i;
      continue;
    }
    cur += c;
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

Status RunScript(backend::Connection& conn, const std::string& text, bool transactional, const std::string& what,
                 WriteLog* log, backend::SnapshotTracker* tracker, Lead* lead) {
  WB_ASSIGN(auto statements, MapError(backend::SplitScript(conn.dialect(), text), [&](Error e) {
              return e.context(what);
            }));
  const bool postgres = conn.dialect() == Dialect::kPostgres;
  ScriptTraits traits = postgres ? ClassifyScript(text) : ScriptTraits{};
  if (tracker && postgres && !traits.event_triggers_see_all) tracker->DistrustEvents();
  // A script may create an event trigger (and fire it at once) if it says so,
  // or if it runs code the statement model cannot see into.
  const bool may_add_event_triggers = traits.touches_event_triggers || !traits.event_triggers_see_all;
  if (log && postgres && may_add_event_triggers) log->recheck_event_triggers = true;
  // A statement that fails part way (CREATE INDEX CONCURRENTLY leaves an
  // invalid index) reports nothing to the event triggers.
  auto failed = [&](Error e) {
    if (tracker) tracker->DistrustEvents();
    return Fail(std::move(e));
  };
  bool counted = log && transactional && postgres &&
                 std::none_of(statements.begin(), statements.end(),
                              [](const sql::ScriptStatement& s) { return ControlsTransaction(s.text); });
  if (log && !counted) log->all = true;
  // DDL that runs no expression over rows writes only the tables it changes,
  // which the snapshot reports: the counters need not be read (an event
  // trigger of the user's could write on any DDL, though).
  if (counted && !traits.writes_rows && !log->user_event_triggers && !may_add_event_triggers) counted = false;
  auto statement_failed = [&](size_t i, Error e) {
    return failed(std::move(e).context(what + ", statement " + std::to_string(i + 1) + " of " +
                                       std::to_string(statements.size()) + " at line " +
                                       std::to_string(statements[i].line)));
  };
  static const std::string written(embedded::sql("verify/written_tables.sql"));
  auto note_written = [&](const backend::Rows& rows) {
    for (const auto& r : rows.rows) {
      if (r[0]) log->tables.insert(*r[0]);
      else log->all = true;
    }
  };

  if (transactional && conn.dialect() == Dialect::kPostgres) {
    // BEGIN, the statements, which tables they wrote, COMMIT: one round trip.
    std::vector<backend::Step> steps{{"BEGIN", {}, ""}};
    for (const auto& st : statements) steps.push_back({st.text, {}, ""});
    if (counted) steps.push_back({written, {}, "wayback_written_tables"});
    steps.push_back({"COMMIT", {}, ""});
    std::optional<backend::Step> events = tracker ? tracker->EventsStep() : std::nullopt;
    if (events) steps.push_back(*events);  // what the next snapshot needs, in the same round trip
    // Reads of the state before the script go first, in the transaction the
    // BEGIN makes of the pipeline's implicit one; their rows and failures are
    // taken off, so that the script's steps keep their indices. A script that
    // begins with a setting has them read in a round trip of their own: its
    // SET TRANSACTION must come before any query of the transaction.
    size_t lead_steps = lead && transactional && postgres ? lead->steps.size() : 0;
    if (lead_steps > 0 && traits.leads_with_setting) {
      if (auto read = conn.RunSteps(lead->steps)) {
        lead->rows = std::move(*read);
      } else {
        lead->failed = std::move(read.error().error);
        (void)conn.Rollback();
      }
      lead_steps = 0;
    }
    auto run = [&](const std::vector<backend::Step>& script_steps) {
      if (lead_steps == 0) return conn.RunSteps(script_steps);
      std::vector<backend::Step> all = lead->steps;
      all.insert(all.end(), script_steps.begin(), script_steps.end());
      auto ran = conn.RunSteps(all);
      if (!ran && ran.error().index < lead_steps) {
        // The read failed, so the script did not run: run it alone, and leave
        // the read to the caller.
        lead->failed = std::move(ran.error().error);
        (void)conn.Rollback();
        return conn.RunSteps(script_steps);
      }
      std::vector<backend::Rows>& got = ran ? *ran : ran.error().rows_before;
      // The reads ran: they saw the state before the script, whether it then
      // committed, failed, or only the prefetch after its COMMIT failed.
      if (got.size() >= lead_steps) {
        lead->rows.assign(std::make_move_iterator(got.begin()), std::make_move_iterator(got.begin() + lead_steps));
        got.erase(got.begin(), got.begin() + lead_steps);
      }
      if (!ran) ran.error().index -= lead_steps;
      return ran;
    };
    auto done = run(steps);
    if (!done && counted && done.error().index == statements.size() + 1 && done.error().error.sqlstate() == "26000") {
      // The script ran DEALLOCATE ALL, which took the prepared probe with it:
      // run it again (it was rolled back) with the probe unprepared.
      (void)conn.Rollback();
      steps[statements.size() + 1].prepared.clear();
      done = run(steps);
    }
    if (!done && events && done.error().index == steps.size() - 1) {
      // The script is committed; only the prefetch failed (a script's
      // DEALLOCATE ALL, say): the snapshot asks again, and what the script
      // wrote is not known.
      if (log) log->all = true;
      return {};
    }
    if (!done) {
      (void)conn.Rollback();
      size_t at = done.error().index;
      Error error = std::move(done.error().error);
      if (at >= 1 && at <= statements.size()) return statement_failed(at - 1, std::move(error));
      if (counted && at == statements.size() + 1) {
        return failed(std::move(error).context(what + ": reading which tables it wrote"));
      }
      return failed(std::move(error).context(what));
    }
    if (counted) note_written((*done)[statements.size() + 1]);
    if (events) tracker->Prefetched(std::move(done->back()));
    return {};
  }

  std::optional<backend::Transaction> tx;
  if (transactional) {
    WB_ASSIGN(auto t, backend::Transaction::Begin(conn));
    tx.emplace(std::move(t));
  }
  for (size_t i = 0; i < statements.size(); ++i) {
    if (auto done = conn.Execute(statements[i].text); !done) return statement_failed(i, std::move(done).error());
  }
  if (tx) {
    if (auto committed = tx->Commit(); !committed) return failed(std::move(committed).error());
  }
  return {};
}

Result<backend::SnapshotPtr> RoundTrip::Snapshot() {
  if (!listen_tried_) {
    // The scratch database is ours: let DDL event triggers say what each
    // script changed (a superuser only; otherwise the catalogs are asked).
    listen_tried_ = true;
    WB_TRY(tracker_.ListenForDdl());
    dirty_.recheck_event_triggers = conn_.dialect() == Dialect::kPostgres;
  }
  if (dirty_.recheck_event_triggers) {
    WB_ASSIGN(backend::Rows found,
              conn_.Query("SELECT 1 FROM pg_catalog.pg_event_trigger "
                          "WHERE evtname NOT IN ('wayback_note_ddl', 'wayback_note_drop') LIMIT 1"));
    dirty_.user_event_triggers = !found.empty();
    dirty_.recheck_event_triggers = false;
  }
  if (!current_) {
    WB_ASSIGN(backend::SnapshotPtr s, tracker_.Take());
    dirty_.all = dirty_.all || tracker_.AllChanged();
    dirty_.tables.insert(tracker_.ChangedTables().begin(), tracker_.ChangedTables().end());
    models_all_ = models_all_ || tracker_.AllChanged();
    models_dirty_.insert(tracker_.ChangedTables().begin(), tracker_.ChangedTables().end());
    current_ = std::move(s);
  }
  return current_;
}

std::shared_ptr<const Tables> RoundTrip::ModelsOf(const SchemaSnapshot& snap) {
  auto models = models_.Of(snap, models_all_ ? nullptr : &models_dirty_);
  models_all_ = false;
  models_dirty_.clear();
  return models;
}

Status RoundTrip::Run(const std::string& text, bool transactional, const std::string& what, Lead* lead) {
  current_.reset();
  return RunScript(conn_, text, transactional, what, &dirty_, &tracker_, lead);
}

RoundTrip::PrintPlan RoundTrip::PlanPrint(const SchemaSnapshot& snap, const Tables& tables) {
  PrintPlan plan;
  plan.tables = &tables;
  if (dirty_.all || !print_) {
    plan.again = tables;
  } else {
    // A table's rows include those of the tables that inherit from it
    // (partitions too): a change there changes it.
    std::map<std::string, std::vector<std::string>> parents;
    const std::string prefix = "table ";
    for (auto t = snap.objects.lower_bound(prefix); !dirty_.tables.empty() && t != snap.objects.end() &&
                                                    t->first.starts_with(prefix);
         ++t) {
      auto it = t->second->attrs.find("inherits");
      if (it != t->second->attrs.end()) parents[t->second->name] = SplitNames(it->second);
    }
    std::set<std::string> changed = dirty_.tables;
    for (std::vector<std::string> todo(changed.begin(), changed.end()); !todo.empty();) {
      std::string t = todo.back();
      todo.pop_back();
      for (const auto& p : parents[t]) {
        if (changed.insert(p).second) todo.push_back(p);
      }
    }
    for (const auto& t : tables) {
      if (changed.count(t->sql_name) || !print_->count(t->sql_name)) plan.again.push_back(t);
    }
  }
  dirty_.all = false;
  dirty_.tables.clear();
  return plan;
}

DataPrint RoundTrip::FinishPrint(const PrintPlan& plan, const DataPrint& fresh) {
  DataPrint out;
  for (const auto& t : *plan.tables) {
    auto it = fresh.find(t->sql_name);
    if (it != fresh.end()) {
      out[t->sql_name] = it->second;
    } else if (print_ && print_->count(t->sql_name)) {
      out[t->sql_name] = print_->at(t->sql_name);
    }
  }
  print_ = out;
  return out;
}

Result<Status> RoundTrip::RunAfterPrint(const PrintPlan& plan, const std::string& text, bool transactional,
                                        const std::string& what, DataPrint& print) {
  if (plan.again.empty() || conn_.dialect() != Dialect::kPostgres || !transactional) {
    WB_ASSIGN(DataPrint fresh, verify::Fingerprint(conn_, plan.again));
    print = FinishPrint(plan, fresh);
    return Run(text, transactional, what);
  }
  Lead lead;
  lead.steps.push_back({PostgresFingerprintQuery(plan.again), {}, ""});
  Status ran = Run(text, transactional, what, &lead);
  if (lead.rows.size() == 1) {
    print = FinishPrint(plan, ReadPostgresFingerprint(plan.again, lead.rows[0]));
  } else if (!ran) {
    // The script failed and was rolled back before the data came back: read it now.
    WB_ASSIGN(DataPrint fresh, verify::Fingerprint(conn_, plan.again));
    print = FinishPrint(plan, fresh);
  } else {
    // The script committed, but the read in front of it had failed.
    std::string why = lead.failed ? ": " + lead.failed->message() : "";
    return Fail(ErrorKind::kDatabase, "the scratch database failed to report its data before the " + what + why,
                "run verify again; the target is not touched");
  }
  return ran;
}

Result<DataPrint> RoundTrip::Fingerprint(const SchemaSnapshot& snap, const Tables& tables) {
  PrintPlan plan = PlanPrint(snap, tables);
  WB_ASSIGN(DataPrint fresh, verify::Fingerprint(conn_, plan.again));
  return FinishPrint(plan, fresh);
}

Result<MigrationVerdict> RoundTrip::Verify(const Migration& m) {
  util::Stopwatch watch;
  MigrationVerdict v;
  v.version = m.version;
  v.name = m.name;
  v.up_checksum = m.up.checksum;
  v.down_checksum = m.down ? m.down->checksum : "";
  bool up_tx = !m.up.directives.no_transaction;

  // S0, with every table seeded.
  WB_ASSIGN(backend::SnapshotPtr s0, Snapshot());
  std::shared_ptr<const Tables> models = ModelsOf(*s0);
  const Tables& tables = *models;
  WB_ASSIGN(DataPrint d0, Fingerprint(*s0, tables));
  v.seeding = seeder_.Seed(tables, d0);
  Status up;
  if (std::any_of(v.seeding.begin(), v.seeding.end(), [](const SeedNote& n) { return n.inserted > 0; })) {
    // Seeded rows can reach other tables only through triggers and rules.
    for (const auto& t : seeder_.Written()) {
      for (const char* kind : {"trigger ", "rule "}) {
        auto it = s0->objects.lower_bound(kind + t + ".");
        dirty_.all = dirty_.all || (it != s0->objects.end() && it->first.starts_with(kind + t + "."));
      }
      dirty_.tables.insert(t);
    }
    // The seeded data is read in the round trip of the up, in front of it.
    WB_ASSIGN(up, RunAfterPrint(PlanPrint(*s0, tables), m.up.text, up_tx, "up", d0));
  } else {
    up = Run(m.up.text, up_tx, "up");
  }

  if (!up) {
    Add(v, Verdict::kUpFailed, "the up fails: " + up.error().message());
    if (up_tx) current_ = std::move(s0);  // rolled back: verification goes on from S0
    Decide(v);
    v.duration_ms = watch.ElapsedMs();
    return v;
  }
  WB_ASSIGN(backend::SnapshotPtr s1, Snapshot());
  if (m.up.directives.irreversible) {
    Add(v, Verdict::kIrreversible, "declared irreversible: " + *m.up.directives.irreversible);
    Decide(v);
    v.duration_ms = watch.ElapsedMs();
    return v;
  }

  // S1 → down → S2.
  const MigrationFile& down = *m.down;
  if (auto done = Run(down.text, !down.directives.no_transaction, "down"); !done) {
    Add(v, Verdict::kBroken, "the down fails: " + done.error().message());
    current_ = std::move(s1);  // rolled back: still S1, the migration stays applied
    Decide(v);
    v.duration_ms = watch.ElapsedMs();
    return v;
  }
  WB_ASSIGN(backend::SnapshotPtr s2, Snapshot());
  std::vector<std::string> down_diff = DiffLines(*s0, *s2);
  if (!down_diff.empty()) {
    Add(v, Verdict::kBroken,
        "the down leaves a different schema (" + std::to_string(down_diff.size()) + " object" +
            (down_diff.size() == 1 ? "" : "s") + " differ)",
        down_diff);
  }
  // S2 → up → S3, with S2's data read in the round trip of the up again, in
  // front of it: one round trip fewer per migration.
  std::shared_ptr<const Tables> models2 = ModelsOf(*s2);
  DataPrint d2;
  WB_ASSIGN(Status again, RunAfterPrint(PlanPrint(*s2, *models2), m.up.text, up_tx, "up again", d2));
  v.data_loss = CompareData(d0, d2);
  if (!v.data_loss.empty()) {
    std::vector<std::string> details;
    std::vector<std::string> where;
    for (const auto& loss : v.data_loss) {
      details.push_back(loss.Describe());
      std::string w = loss.column.empty() ? loss.table : loss.table + "." + loss.column;
      where.push_back(w);
    }
    Add(v, Verdict::kLossy, "data not restored: " + util::Join(where, ", "), details);
  }

  if (!again) {
    Add(v, Verdict::kNotReappliable, "the up fails after the down: " + again.error().message());
    current_ = std::move(s2);
  } else {
    WB_ASSIGN(backend::SnapshotPtr s3, Snapshot());
    std::vector<std::string> reup_diff = DiffLines(*s1, *s3);
    if (!reup_diff.empty()) {
      Add(v, Verdict::kNotReappliable, "the up again gives a different schema than the first time", reup_diff);
    }
  }
  Decide(v);
  v.duration_ms = watch.ElapsedMs();
  return v;
}

}  // namespace wayback::verify
