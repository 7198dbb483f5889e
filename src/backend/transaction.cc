#include "backend/connection.h"

namespace wayback::backend {

Result<Transaction> Transaction::Begin(Connection& conn) {
  WB_TRY(conn.Begin());
  return Transaction(&conn);
}

Result<Transaction> Transaction::Begin(Connection& conn, const SessionTimeouts& timeouts) {
  WB_TRY(conn.Begin(&timeouts));
  return Transaction(&conn);
}

Status Transaction::CommitWith(std::string_view sql, const Params& params) {
  if (!conn_) return Fail(ErrorKind::kInternal, "transaction already finished");
  auto done = conn_->CommitWith(sql, params);
  // On failure the transaction is still open (and aborted): the destructor or
  // Rollback() ends it.
  if (done) conn_ = nullptr;
  return done;
}

Transaction::~Transaction() {
  if (conn_) (void)conn_->Rollback();
}

Status Transaction::Commit() {
  Connection* conn = conn_;
  conn_ = nullptr;
  if (!conn) return Fail(ErrorKind::kInternal, "transaction already finished");
  return conn->Commit();
}

Status Transaction::Rollback() {
  Connection* conn = conn_;
  conn_ = nullptr;
  if (!conn) return {};
  return conn->Rollback();
}

}  // namespace wayback::backend
