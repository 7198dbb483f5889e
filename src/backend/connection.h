// The narrow interface every database engine implements. The runner, the state
// store and the commands are written once against it; an engine supplies only
// these primitives (the Sqitch model). This folder is the only place that
// includes sqlite3.h or libpq-fe.h.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/script.h"
#include "wayback/database_url.h"
#include "wayback/error.h"

namespace wayback::backend {

using Value = std::optional<std::string>;  // text form; nullopt is SQL NULL
using Params = std::vector<Value>;

struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;

  size_t size() const { return rows.size(); }
  bool empty() const { return rows.empty(); }
  // The value at (row, col) as a string, "" for NULL.
  std::string Text(size_t row, size_t col) const {
    const Value& v = rows.at(row).at(col);
    return v ? *v : std::string();
  }
};

// Timeouts applied to every migration. Values use PostgreSQL's interval syntax
// ("5s", "10min"); parsed once into milliseconds by the config loader.
struct SessionTimeouts {
  int64_t lock_timeout_ms = 0;       // 0 = no limit
  int64_t statement_timeout_ms = 0;  // 0 = no limit
};

// One query of Connection::RunSteps.
struct Step {
  std::string sql;
  Params params;
  // When set, the engine may keep `sql` prepared under this name for the
  // session, so that a large query run again and again is planned once.
  std::string prepared;
};
// The step that failed: its 0-based index and error, and the rows of the
// steps before it that ran (those a pipeline returned before the failure).
struct StepFailure {
  size_t index;
  Error error;
  std::vector<Rows> rows_before = {};
};

// Held while a deployer works on a target; released on destruction.
class DeployLock {
 public:
  explicit DeployLock(bool exclusive) : exclusive_(exclusive) {}
  virtual ~DeployLock() = default;
  // True when no other deployer can change the state while this is held, so
  // the state read after locking stays true. False on SQLite, where deployers
  // serialize per transaction and must re-check inside each one.
  bool exclusive() const { return exclusive_; }

 private:
  bool exclusive_;
};

// Called once when a deployer has to wait for another one (message says for whom).
using WaitNotifier = std::function<void(const std::string& message)>;

class Connection {
 public:
  virtual ~Connection() = default;

  virtual Dialect dialect() const = 0;
  // The target's URL with the password masked.
  virtual std::string Describe() const = 0;

  // Runs one statement of user SQL (no parameters, results discarded).
  virtual Status Execute(std::string_view sql) = 0;
  // Runs `statements` in order inside the open transaction, stopping at the
  // first failure, in one round trip where the engine can pipeline them.
  // Returns nullopt, or the 0-based index of the failing statement and its
  // error (later statements did not run).
  // REQUIRES: a transaction is open (a pipeline outside one would commit the
  // statements together).
  virtual std::optional<std::pair<size_t, Error>> ExecuteBatch(const std::vector<std::string_view>& statements) {
    for (size_t i = 0; i < statements.size(); ++i) {
      if (auto done = Execute(statements[i]); !done) return std::make_pair(i, std::move(done).error());
    }
    return std::nullopt;
  }
  // A whole transaction at once: BEGIN with `timeouts` local to it, the
  // `statements`, then `final_sql` with `final_params` (a state write) and
  // COMMIT — one round trip where the engine pipelines. On failure the
  // transaction is rolled back and the 0-based index of what failed is
  // returned: i < statements.size() for a statement, statements.size() for the
  // final write or the commit.
  // REQUIRES: no transaction open.
  virtual std::optional<std::pair<size_t, Error>> ExecuteTransaction(const SessionTimeouts& timeouts,
                                                                     const std::vector<std::string_view>& statements,
                                                                     std::string_view final_sql,
                                                                     const Params& final_params) {
    if (auto begun = Begin(&timeouts); !begun) return std::make_pair(size_t{0}, std::move(begun).error());
    auto failed = ExecuteBatch(statements);
    if (!failed) {
      if (auto committed = CommitWith(final_sql, final_params); !committed) {
        failed.emplace(statements.size(), std::move(committed).error());
      }
    }
    if (failed) (void)Rollback();
    return failed;
  }
  // Runs one statement with bound parameters and returns its rows. Parameters
  // are written $1, $2 … on PostgreSQL and ?1, ?2 … on SQLite.
  virtual Result<Rows> Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs `steps` in order — in one round trip where the engine pipelines
  // them — and returns each one's rows. At the first failure the rest are
  // skipped; a transaction the steps began is then left for the caller to
  // roll back.
  virtual std::expected<std::vector<Rows>, StepFailure> RunSteps(const std::vector<Step>& steps) {
    std::vector<Rows> out;
    for (size_t i = 0; i < steps.size(); ++i) {
      auto rows = Query(steps[i].sql, steps[i].params);
      if (!rows) return std::unexpected(StepFailure{i, std::move(rows).error(), std::move(out)});
      out.push_back(std::move(*rows));
    }
    return out;
  }

  // Transactions. Begin on SQLite takes the write lock at once (BEGIN IMMEDIATE)
  // so that two deployers serialize instead of failing at commit.
  // With `local_timeouts`, they apply to this transaction only, set in the
  // same round trip as BEGIN.
  virtual Status Begin(const SessionTimeouts* local_timeouts = nullptr) = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  // Runs one statement with bound parameters, then commits — in a single
  // round trip where the engine allows it (libpq pipeline mode).
  virtual Status CommitWith(std::string_view sql, const Params& params) {
    WB_TRY(Query(sql, params));
    return Commit();
  }

  // Serializes deployers on this target. Waits at most `max_wait`, calling
  // `on_wait` once if it has to wait; kConflict when the wait runs out.
  virtual Result<std::unique_ptr<DeployLock>> LockDeployments(const WaitNotifier& on_wait,
                                                              std::chrono::milliseconds max_wait) = 0;

  // Applies timeouts for what runs next: for the current transaction only when
  // `transaction_local`, else for the session until changed.
  virtual Status ApplyTimeouts(const SessionTimeouts& timeouts, bool transaction_local) = 0;

  // True when `error` means "could not get a lock in time" (worth a retry).
  virtual bool IsLockTimeout(const Error& error) const = 0;
};

// Cuts a script into statements the way the engine's own parser would, with
// no database needed (libpg_query for PostgreSQL, sqlite3_complete for SQLite).
Result<std::vector<sql::ScriptStatement>> SplitScript(Dialect dialect, std::string_view script);

// Opens a connection for `url`. Errors are kDatabase with the masked URL.
Result<std::unique_ptr<Connection>> Connect(const DatabaseUrl& url);

// Rolls back unless Commit() was called: `auto tx = Transaction::Begin(conn)`.
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& conn);
  // Begins with lock_timeout and statement_timeout local to the transaction.
  static Result<Transaction> Begin(Connection& conn, const SessionTimeouts& timeouts);
  Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status Commit();
  // Connection::CommitWith: one last statement, then commit.
  Status CommitWith(std::string_view sql, const Params& params);
  // Rolls back now and reports a failure to do so.
  Status Rollback();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;
};

}  // namespace wayback::backend
