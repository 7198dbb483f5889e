// PostgreSQL scratch: a template clone of the source database on the same
// server. The maintenance connection that creates the clone stays open so the
// clone can be dropped even when the scratch connection is broken; it goes to
// "postgres" (or "template1" when the source is "postgres", because a template
// must have no other session).
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <random>

#include "backend/postgres_connection.h"
#include "backend/scratch.h"
#include "backend/schema_snapshot.h"

namespace wayback::backend {
namespace {

// The URL with its database name replaced (the path of postgres://…/db?…).
DatabaseUrl WithDatabase(const DatabaseUrl& url, const std::string& db) {
  DatabaseUrl out = url;
  std::string base = url.raw, query;
  if (size_t q = base.find('?'); q != std::string::npos) {
    query = base.substr(q);
    base.resize(q);
  }
  size_t scheme = base.find("://");
  size_t slash = base.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash != std::string::npos) base.resize(slash);
  out.raw = base + "/" + db + query;
  return out;
}

// Waits (a few seconds at most) until the server process of a session we
// closed has gone. CREATE DATABASE … TEMPLATE and DROP DATABASE wait while
// another session is connected, checking in steps of 100 ms; a session closed
// a moment ago is usually gone within a millisecond.
void AwaitSessionEnd(Connection& admin, int pid) {
  if (pid <= 0) return;
  const std::string pid_text = std::to_string(pid);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    auto rows = admin.Query("SELECT 1 FROM pg_catalog.pg_stat_activity WHERE pid = $1", {pid_text});
    if (!rows || rows->empty()) return;
    usleep(attempt < 50 ? 200 : 5000);
  }
}

char g_cancel_error[256];

void CancelPostgres(void* arg) {
  PQcancel(static_cast<PGcancel*>(arg), g_cancel_error, sizeof g_cancel_error);
}

class PostgresScratch final : public Scratch {
 public:
  PostgresScratch(std::unique_ptr<Connection> admin, std::string name, std::string describe)
      : admin_(std::move(admin)), name_(std::move(name)), describe_(std::move(describe)) {}

  Status Open(const DatabaseUrl& url) {
    WB_ASSIGN(conn_, OpenPostgres(url));
    // The catalog queries run after every script are prepared with an oid
    // array; without this the server re-plans them on each call (custom plans).
    // Only prepared statements are affected: migration scripts run unprepared.
    // The scratch copy is thrown away, so its commits need not wait for the
    // WAL to reach disk (or a synchronous standby): three per migration.
    WB_TRY(conn_->Execute("SET plan_cache_mode = force_generic_plan; SET synchronous_commit = off"));
    cancel_ = PQgetCancel(PostgresHandle(*conn_));
    if (cancel_) SetCancelTarget(CancelPostgres, cancel_);
    return {};
  }

  ~PostgresScratch() override {
    SetCancelTarget(nullptr, nullptr);
    if (cancel_) PQfreeCancel(cancel_);
    int pid = conn_ ? PQbackendPID(PostgresHandle(*conn_)) : 0;
    conn_.reset();
    AwaitSessionEnd(*admin_, pid);
    // Dropped on every way out; FORCE ends a session a cancelled statement left behind.
    (void)admin_->Execute("DROP DATABASE IF EXISTS " + QuoteIdent(name_) + " WITH (FORCE)");
  }

  Connection& conn() override { return *conn_; }
  std::string Describe() const override { return describe_; }

 private:
  std::unique_ptr<Connection> admin_;
  std::unique_ptr<Connection> conn_;
  PGcancel* cancel_ = nullptr;
  std::string name_;
  std::string describe_;
};

}  // namespace

Result<std::unique_ptr<Scratch>> CreatePostgresScratch(const DatabaseUrl& source) {
  std::string source_db, source_oid;
  int source_pid = 0;
  {
    WB_ASSIGN(auto conn, OpenPostgres(source));
    WB_ASSIGN(Rows rows, conn->Query("SELECT d.datname, d.oid FROM pg_database d WHERE d.datname = current_database()"));
    source_db = rows.Text(0, 0);
    source_oid = rows.Text(0, 1);
    source_pid = PQbackendPID(PostgresHandle(*conn));
  }  // closed: a template database must have no session, ours included
  std::string maintenance = source_db == "postgres" ? "template1" : "postgres";
  WB_ASSIGN(auto admin, OpenPostgres(WithDatabase(source, maintenance)));
  AwaitSessionEnd(*admin, source_pid);

  static std::atomic<int> counter{0};
  std::random_device rd;
  // The source's oid in the name says whose copy a leftover would be.
  std::string name = "wayback_verify_" + source_oid + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
                     std::to_string(rd() % 100000);
  auto created = admin->Execute("CREATE DATABASE " + QuoteIdent(name) + " TEMPLATE " + QuoteIdent(source_db));
  if (!created) {
    Error e = std::move(created).error();
    e.context("copying " + source.Masked() + " to a scratch database");
    if (e.sqlstate() == "55006") {
      e.with_hint("CREATE DATABASE … TEMPLATE needs the source to have no other session: stop the sessions "
                  "connected to it, or verify against a copy with --source URL");
    } else if (e.sqlstate() == "42501") {
      e.with_hint("the user needs the CREATEDB privilege to make a scratch copy, or use --source URL of a "
                  "server where it has it");
    }
    return Fail(std::move(e));
  }
  auto scratch = std::make_unique<PostgresScratch>(std::move(admin), name,
                                                   "scratch copy " + name + " of " + source.Masked());
  WB_TRY(scratch->Open(WithDatabase(source, name)));  // on failure the destructor drops the copy
  return scratch;
}

}  // namespace wayback::backend
