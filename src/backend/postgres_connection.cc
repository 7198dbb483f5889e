// PostgreSQL engine: libpq wrapped in RAII, with one function that turns a
// failed result into an Error carrying the SQLSTATE.
//
// Locking: deployers serialize on a session advisory lock whose key is derived
// from the database name, so every wayback process deploying to the same
// database contends for the same key. Timeouts are applied with set_config()
// so their values are bound parameters, never spliced into SQL.
#include "backend/postgres_connection.h"

#include <libpq-fe.h>

#include <set>

#include "util/hash.h"

namespace wayback::backend {
namespace {

using ResultPtr = std::unique_ptr<PGresult, void (*)(PGresult*)>;

void IgnoreNotice(void*, const char*) {}

class PostgresDeployLock final : public DeployLock {
 public:
  PostgresDeployLock(Connection* conn, std::string key)
      : DeployLock(/*exclusive=*/true), conn_(conn), key_(std::move(key)) {}
  ~PostgresDeployLock() override {
    (void)conn_->Query("SELECT pg_advisory_unlock($1::bigint)", {key_});
  }

 private:
  Connection* conn_;
  std::string key_;
};

class PostgresConnection final : public Connection {
 public:
  PostgresConnection(PGconn* conn, std::string describe) : conn_(conn), describe_(std::move(describe)) {
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  }
  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }
  PGconn* handle() const { return conn_; }
  std::string Describe() const override { return describe_; }

  Status Execute(std::string_view sql) override {
    std::string text(sql);
    ResultPtr res(PQexec(conn_, text.c_str()), PQclear);
    return Check(res.get());
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    std::string text(sql);
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    ResultPtr res(PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0),
                  PQclear);
    WB_TRY(Check(res.get()));
    return RowsOf(res.get());
  }

  Status Begin(const SessionTimeouts* local_timeouts) override {
    if (!local_timeouts) return Execute("BEGIN");
    // Integers formatted here, not user input: one round trip for all three.
    return Execute("BEGIN; SET LOCAL lock_timeout = " + std::to_string(local_timeouts->lock_timeout_ms) +
                   "; SET LOCAL statement_timeout = " + std::to_string(local_timeouts->statement_timeout_ms));
  }

  std::optional<std::pair<size_t, Error>> ExecuteBatch(const std::vector<std::string_view>& statements) override {
    if (statements.size() < 2) return Connection::ExecuteBatch(statements);
    std::vector<PipelineQuery> queries;
    for (auto st : statements) queries.push_back({std::string(st), nullptr});
    return RunPipeline(queries);
  }

  std::optional<std::pair<size_t, Error>> ExecuteTransaction(const SessionTimeouts& timeouts,
                                                             const std::vector<std::string_view>& statements,
                                                             std::string_view final_sql,
                                                             const Params& final_params) override {
    // BEGIN, the timeouts (integers formatted here, not user input), the
    // statements, the final write and COMMIT: one round trip.
    std::vector<PipelineQuery> queries{
        {"BEGIN", nullptr},
        {"SET LOCAL lock_timeout = " + std::to_string(timeouts.lock_timeout_ms), nullptr},
        {"SET LOCAL statement_timeout = " + std::to_string(timeouts.statement_timeout_ms), nullptr}};
    constexpr size_t kPrologue = 3;
    for (auto st : statements) queries.push_back({std::string(st), nullptr});
    queries.push_back({std::string(final_sql), &final_params});
    queries.push_back({"COMMIT", nullptr});
    auto failure = RunPipeline(queries);
    if (!failure) return std::nullopt;
    (void)Rollback();
    // The caller counts statements only: a prologue failure is charged to the
    // first statement, the final write's or COMMIT's to statements.size().
    size_t q = failure->first;
    size_t mapped = q < kPrologue ? 0 : std::min(q - kPrologue, statements.size());
    return std::make_pair(mapped, std::move(failure->second));
  }

  Status CommitWith(std::string_view sql, const Params& params) override {
    // If the statement fails, the server skips COMMIT and the transaction
    // stays aborted for the caller to roll back.
    auto failure = RunPipeline({{std::string(sql), &params}, {"COMMIT", nullptr}});
    if (failure) return Fail(std::move(failure->second));
    return {};
  }

  Status Commit() override { return Execute("COMMIT"); }
  Status Rollback() override {
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return {};
    return Execute("ROLLBACK");
  }

  Result<std::unique_ptr<DeployLock>> LockDeployments(const WaitNotifier& on_wait,
                                                      std::chrono::milliseconds max_wait) override {
    WB_ASSIGN(Rows db, Query("SELECT current_database()", {}));
    auto key = static_cast<int64_t>(util::Fnv1a64("wayback deploy lock:" + db.Text(0, 0)));
    std::string key_text = std::to_string(key);
    WB_ASSIGN(Rows got, Query("SELECT pg_try_advisory_lock($1::bigint)", {key_text}));
    if (got.Text(0, 0) != "t") {
      // Name the holder so the waiting operator knows whom they wait for.
      WB_ASSIGN(Rows holder,
                Query("SELECT l.pid, coalesce(a.application_name, ''), coalesce(a.client_addr::text, 'local') "
                      "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
                      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                      "AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint",
                      {key_text}));
      std::string who = holder.empty() ? "another deployer"
                                       : "deployer pid " + holder.Text(0, 0) + " (" + holder.Text(0, 1) +
                                             ", " + holder.Text(0, 2) + ")";
      if (on_wait) on_wait("waiting for the deploy lock held by " + who);
      WB_TRY(Query("SELECT set_config('lock_timeout', $1, false)", {std::to_string(max_wait.count())}));
      auto waited = Query("SELECT pg_advisory_lock($1::bigint)", {key_text});
      WB_TRY(Query("SELECT set_config('lock_timeout', '0', false)", {}));
      if (!waited) {
        if (IsLockTimeout(waited.error())) {
          return Fail(ErrorKind::kConflict,
                      "gave up waiting for the deploy lock after " + std::to_string(max_wait.count()) +
                          " ms (held by " + who + ")",
                      "wait for the other deployment to finish, or raise policy.lock_wait");
        }
        return Fail(std::move(waited).error());
      }
    }
    return std::make_unique<PostgresDeployLock>(this, key_text);
  }

  Status ApplyTimeouts(const SessionTimeouts& timeouts, bool transaction_local) override {
    std::string scope = transaction_local ? "SET LOCAL " : "SET ";
    return Execute(scope + "lock_timeout = " + std::to_string(timeouts.lock_timeout_ms) + "; " + scope +
                   "statement_timeout = " + std::to_string(timeouts.statement_timeout_ms));
  }

  bool IsLockTimeout(const Error& error) const override { return error.sqlstate() == "55P03"; }

  std::expected<std::vector<Rows>, StepFailure> RunSteps(const std::vector<Step>& steps) override {
    std::vector<PipelineQuery> queries;
    for (const auto& step : steps) {
      if (!step.prepared.empty()) {
        if (auto ready = Prepare(step.prepared, step.sql, step.params.size()); !ready) {
          return std::unexpected(StepFailure{queries.size(), std::move(ready).error()});
        }
      }
      queries.push_back({step.sql, &step.params, step.prepared.empty() ? nullptr : step.prepared.c_str()});
    }
    std::vector<Rows> rows;
    if (auto failure = RunPipeline(queries, &rows)) {
      // 26000: a script deallocated it; prepared again next time.
      if (failure->second.sqlstate() == "26000") prepared_.clear();
      rows.resize(failure->first);
      return std::unexpected(StepFailure{failure->first, std::move(failure->second), std::move(rows)});
    }
    return rows;
  }

  // Runs `sql` as the server-side prepared statement `name`, preparing it on
  // first use. A script may have run DEALLOCATE ALL or DISCARD ALL since:
  // then the statement is prepared again, at once outside a transaction; in
  // one, the error (26000) is returned, as the failed EXECUTE has aborted it.
  Result<Rows> QueryPrepared(const char* name, const std::string& sql, const Params& params) {
    WB_TRY(Prepare(name, sql, params.size()));
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    ResultPtr res(PQexecPrepared(conn_, name, static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0),
                  PQclear);
    if (auto ok = Check(res.get()); !ok) {
      if (ok.error().sqlstate() != "26000") return Fail(std::move(ok).error());
      prepared_.erase(name);
      if (PQtransactionStatus(conn_) != PQTRANS_IDLE) return Fail(std::move(ok).error());
      return QueryPrepared(name, sql, params);
    }
    return RowsOf(res.get());
  }

 private:
  // Prepares `sql` as `name` unless this session already has it.
  Status Prepare(const std::string& name, const std::string& sql, size_t n_params) {
    if (prepared_.count(name)) return {};
    ResultPtr prepared(PQprepare(conn_, name.c_str(), sql.c_str(), static_cast<int>(n_params), nullptr), PQclear);
    WB_TRY(Check(prepared.get()));
    prepared_.insert(name);
    return {};
  }

  struct PipelineQuery {
    std::string sql;
    const Params* params;        // null: no parameters
    const char* prepared = nullptr;  // run the statement prepared under this name instead of `sql`
  };

  // Sends `queries` in libpq pipeline mode and reads every result up to the
  // sync: one round trip. After the first error the server skips the rest
  // (PGRES_PIPELINE_ABORTED). Returns the 0-based index of the first failing
  // query and its error. With `rows`, each query's rows are kept there.
  std::optional<std::pair<size_t, Error>> RunPipeline(const std::vector<PipelineQuery>& queries,
                                                      std::vector<Rows>* rows = nullptr) {
    if (rows) rows->assign(queries.size(), Rows());
    if (PQenterPipelineMode(conn_) != 1) {
      return std::make_pair(size_t{0}, Error(ErrorKind::kDatabase, std::string("cannot pipeline: ") + PQerrorMessage(conn_)));
    }
    std::optional<std::pair<size_t, Error>> failure;
    for (size_t q = 0; q < queries.size() && !failure; ++q) {
      std::vector<const char*> values;
      if (queries[q].params) {
        for (const auto& p : *queries[q].params) values.push_back(p ? p->c_str() : nullptr);
      }
      int sent = queries[q].prepared
                     ? PQsendQueryPrepared(conn_, queries[q].prepared, static_cast<int>(values.size()), values.data(),
                                           nullptr, nullptr, 0)
                     : PQsendQueryParams(conn_, queries[q].sql.c_str(), static_cast<int>(values.size()), nullptr,
                                         values.data(), nullptr, nullptr, 0);
      if (sent != 1) {
        failure.emplace(q, Error(ErrorKind::kDatabase, std::string("cannot send: ") + PQerrorMessage(conn_)));
      }
    }
    PQpipelineSync(conn_);
    size_t index = 0;
    for (int nulls = 0;;) {
      PGresult* raw = PQgetResult(conn_);
      if (!raw) {
        // NULL ends one query's results; several in a row mean the stream is over.
        if (++nulls > 2 || PQstatus(conn_) == CONNECTION_BAD) break;
        continue;
      }
      nulls = 0;
      ResultPtr res(raw, PQclear);
      ExecStatusType st = PQresultStatus(res.get());
      if (st == PGRES_PIPELINE_SYNC) break;
      size_t q = index++;
      if (st == PGRES_PIPELINE_ABORTED) continue;
      if (auto ok = Check(res.get()); !ok && (!failure || failure->first > q)) failure.emplace(q, std::move(ok).error());
      if (rows && st == PGRES_TUPLES_OK && q < rows->size()) (*rows)[q] = RowsOf(res.get());
    }
    PQexitPipelineMode(conn_);
    return failure;
  }

  Status Check(PGresult* res) {
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return {};
    if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT) {
      // Drain the copy so the connection stays usable, then refuse.
      if (st == PGRES_COPY_IN) PQputCopyEnd(conn_, "COPY FROM STDIN is not supported");
      while (PGresult* r = PQgetResult(conn_)) PQclear(r);
      return Fail(ErrorKind::kBadInput, "COPY … FROM STDIN / TO STDOUT cannot run inside a migration",
                  "load data with INSERT or COPY from a server-side file");
    }
    if (!res || PQstatus(conn_) == CONNECTION_BAD) {
      return Fail(ErrorKind::kDatabase, std::string("connection lost: ") + PQerrorMessage(conn_));
    }
    auto field = [res](int code) {
      const char* v = PQresultErrorField(res, code);
      return std::string(v ? v : "");
    };
    std::string sqlstate = field(PG_DIAG_SQLSTATE);
    std::string message = "[" + sqlstate + "] " + field(PG_DIAG_MESSAGE_PRIMARY);
    if (std::string detail = field(PG_DIAG_MESSAGE_DETAIL); !detail.empty()) message += " (" + detail + ")";
    Error error(sqlstate == "55P03" || sqlstate == "40P01" ? ErrorKind::kConflict : ErrorKind::kDatabase,
                message);
    error.with_sqlstate(sqlstate);
    if (std::string hint = field(PG_DIAG_MESSAGE_HINT); !hint.empty()) error.with_hint(hint);
    return Fail(std::move(error));
  }

  PGconn* conn_;
  std::string describe_;
  std::set<std::string> prepared_;  // statements QueryPrepared has prepared in this session
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgres(const DatabaseUrl& url) {
  const char* keys[] = {"dbname", "fallback_application_name", "connect_timeout", nullptr};
  const char* values[] = {url.raw.c_str(), "wayback", "10", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    std::string message = conn ? PQerrorMessage(conn) : "out of memory";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    PQfinish(conn);
    return Fail(ErrorKind::kDatabase, "cannot connect to " + url.Masked() + ": " + message,
                "check the host, port, database name and credentials in the URL");
  }
  return std::make_unique<PostgresConnection>(conn, url.Masked());
}

}  // namespace wayback::backend

namespace wayback::backend {

Rows RowsOf(const pg_result* res) {
  Rows rows;
  int ncols = PQnfields(res);
  int nrows = PQntuples(res);
  for (int c = 0; c < ncols; ++c) rows.columns.emplace_back(PQfname(res, c));
  rows.rows.reserve(static_cast<size_t>(nrows));
  for (int r = 0; r < nrows; ++r) {
    std::vector<Value> row;
    row.reserve(static_cast<size_t>(ncols));
    for (int c = 0; c < ncols; ++c) {
      if (PQgetisnull(res, r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(res, r, c), static_cast<size_t>(PQgetlength(res, r, c))));
      }
    }
    rows.rows.push_back(std::move(row));
  }
  return rows;
}

pg_conn* PostgresHandle(Connection& conn) { return static_cast<PostgresConnection&>(conn).handle(); }

Result<Rows> QueryPrepared(Connection& conn, const char* name, const std::string& sql, const Params& params) {
  return static_cast<PostgresConnection&>(conn).QueryPrepared(name, sql, params);
}
}  // namespace wayback::backend
