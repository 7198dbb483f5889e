// SQLite engine: the sqlite3 C API wrapped in RAII, with one function that turns
// its error codes into Errors.
//
// Locking: a deployer takes SQLite's write lock with BEGIN IMMEDIATE for each
// migration and re-checks the state inside that transaction, so two deployers
// never apply the same migration. While another connection holds the lock, the
// busy handler waits (saying so once) up to the lock wait. statement_timeout is
// enforced with a progress handler that interrupts a statement past its deadline.
#include "backend/sqlite_connection.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

namespace wayback::backend {
namespace {

using Clock = std::chrono::steady_clock;

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* db, std::string describe) : db_(db), describe_(std::move(describe)) {
    sqlite3_busy_handler(db_, &SqliteConnection::OnBusy, this);
    sqlite3_progress_handler(db_, 10000, &SqliteConnection::OnProgress, this);
  }
  ~SqliteConnection() override { sqlite3_close_v2(db_); }

  Dialect dialect() const override { return Dialect::kSqlite; }
  sqlite3* handle() const { return db_; }
  std::string Describe() const override { return describe_; }

  Status Execute(std::string_view sql) override {
    const char* tail = sql.data();
    const char* end = sql.data() + sql.size();
    StartStatementClock();
    while (tail < end) {
      sqlite3_stmt* stmt = nullptr;
      int rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &stmt, &tail);
      if (rc != SQLITE_OK) return ErrorFromDb(rc);
      if (!stmt) continue;  // only comments or whitespace left
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      }
      sqlite3_finalize(stmt);
      if (rc != SQLITE_DONE) return ErrorFromDb(rc);
    }
    return {};
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = nullptr;
    StartStatementClock();
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return ErrorFromDb(rc);
    if (!stmt) return Rows{};
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(stmt, sqlite3_finalize);
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      rc = params[i] ? sqlite3_bind_text(stmt, idx, params[i]->data(), static_cast<int>(params[i]->size()),
                                         SQLITE_TRANSIENT)
                     : sqlite3_bind_null(stmt, idx);
      if (rc != SQLITE_OK) return ErrorFromDb(rc);
    }
    Rows rows;
    int ncols = sqlite3_column_count(stmt);
    for (int c = 0; c < ncols; ++c) rows.columns.emplace_back(sqlite3_column_name(stmt, c));
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<Value> row;
      row.reserve(static_cast<size_t>(ncols));
      for (int c = 0; c < ncols; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          row.emplace_back(std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
        }
      }
      rows.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return ErrorFromDb(rc);
    return rows;
  }

  Status Begin(const SessionTimeouts* local_timeouts) override {
    if (local_timeouts) WB_TRY(ApplyTimeouts(*local_timeouts, true));
    return Execute("BEGIN IMMEDIATE");
  }
  Status Commit() override { return Execute("COMMIT"); }
  Status Rollback() override {
    if (sqlite3_get_autocommit(db_)) return {};  // SQLite already rolled back
    return Execute("ROLLBACK");
  }

  Result<std::unique_ptr<DeployLock>> LockDeployments(const WaitNotifier& on_wait,
                                                      std::chrono::milliseconds max_wait) override {
    // Serialization happens per migration through BEGIN IMMEDIATE; here we only
    // remember how long to wait for it and whom to tell.
    on_wait_ = on_wait;
    lock_wait_ = max_wait;
    return std::make_unique<DeployLock>(/*exclusive=*/false);
  }

  Status ApplyTimeouts(const SessionTimeouts& timeouts, bool /*transaction_local*/) override {
    statement_timeout_ = std::chrono::milliseconds(timeouts.statement_timeout_ms);
    return {};
  }

  bool IsLockTimeout(const Error& error) const override { return error.sqlstate() == "SQLITE_BUSY"; }

 private:
  static int OnBusy(void* self_ptr, int attempt) {
    auto* self = static_cast<SqliteConnection*>(self_ptr);
    if (attempt == 0) self->busy_since_ = Clock::now();
    auto waited = Clock::now() - self->busy_since_;
    if (waited >= self->lock_wait_) return 0;  // give up: SQLITE_BUSY
    if (!self->told_waiting_ && waited >= std::chrono::milliseconds(200) && self->on_wait_) {
      self->on_wait_("waiting for another connection that holds the SQLite write lock");
      self->told_waiting_ = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(attempt < 10 ? 5 : 25));
    return 1;
  }

  static int OnProgress(void* self_ptr) {
    auto* self = static_cast<SqliteConnection*>(self_ptr);
    if (self->statement_timeout_.count() == 0) return 0;
    if (Clock::now() - self->statement_started_ > self->statement_timeout_) {
      self->timed_out_ = true;
      return 1;
    }
    return 0;
  }

  void StartStatementClock() {
    statement_started_ = Clock::now();
    timed_out_ = false;
  }

  std::unexpected<Error> ErrorFromDb(int rc) {
    int ext = sqlite3_extended_errcode(db_);
    std::string message = sqlite3_errmsg(db_);
    if (timed_out_) {
      return Fail(Error(ErrorKind::kDatabase,
                        "statement cancelled after statement_timeout (" +
                            std::to_string(statement_timeout_.count()) + " ms)")
                      .with_sqlstate("SQLITE_INTERRUPT"));
    }
    if ((rc & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_BUSY) {
      return Fail(Error(ErrorKind::kConflict, "database is locked by another connection: " + message)
                      .with_sqlstate("SQLITE_BUSY")
                      .with_hint("another deployer or application holds the write lock; try again"));
    }
    return Fail(Error(ErrorKind::kDatabase, message).with_sqlstate(sqlite3_errstr(ext)));
  }

  sqlite3* db_;
  std::string describe_;
  WaitNotifier on_wait_;
  std::chrono::milliseconds lock_wait_{std::chrono::seconds(60)};
  std::chrono::milliseconds statement_timeout_{0};
  Clock::time_point busy_since_;
  Clock::time_point statement_started_;
  bool told_waiting_ = false;
  bool timed_out_ = false;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqlite(const DatabaseUrl& url) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(url.sqlite_path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Fail(ErrorKind::kDatabase, "cannot open " + url.Masked() + ": " + message,
                "check that the directory exists and is writable");
  }
  return WrapSqlite(db, url.Masked());
}

std::unique_ptr<Connection> WrapSqlite(sqlite3* db, std::string describe) {
  sqlite3_extended_result_codes(db, 1);
  return std::make_unique<SqliteConnection>(db, std::move(describe));
}

sqlite3* SqliteHandle(Connection& conn) { return static_cast<SqliteConnection&>(conn).handle(); }

}  // namespace wayback::backend
