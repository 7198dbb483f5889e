#include "backend/connection.h"

namespace wayback::backend {

Result<Transaction> Transaction::Begin(Connection& conn) {
  WB_TRY(conn.Begin());
  return Transaction(&conn);
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
