// Scratch databases: a throwaway copy of a database that verify may break at
// will. The copy is the only thing written; the source is only read.
//
//   PostgreSQL  CREATE DATABASE wayback_verify_<pid>_<n> TEMPLATE <source> on
//               the source's server, dropped (WITH FORCE) when the Scratch is
//               destroyed — after a failure and after Ctrl-C too.
//   SQLite      the online backup API into an in-memory database.
#pragma once

#include <memory>
#include <string>

#include "backend/connection.h"

namespace wayback::backend {

class Scratch {
 public:
  virtual ~Scratch() = default;
  virtual Connection& conn() = 0;
  // What the copy is, for reports ("copy of postgres://…/app as wayback_verify_…").
  virtual std::string Describe() const = 0;
};

// Copies `source`. PostgreSQL needs CREATEDB and no other session connected to
// the source (a template must be idle): the error says so and what to do.
Result<std::unique_ptr<Scratch>> CreateScratch(const DatabaseUrl& source);

// While alive, SIGINT and SIGTERM do not kill the process: they cancel the
// statement running on the scratch database and set a flag the caller polls,
// so the scratch is dropped on the normal way out. The previous handlers come
// back on destruction.
class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
  static bool Interrupted();
};

// Engine parts of CreateScratch.
Result<std::unique_ptr<Scratch>> CreatePostgresScratch(const DatabaseUrl& source);
Result<std::unique_ptr<Scratch>> CreateSqliteScratch(const DatabaseUrl& source);

// What a signal handler may cancel: set by the engine while a scratch exists.
void SetCancelTarget(void (*cancel)(void*), void* arg);

}  // namespace wayback::backend
