#include "backend/scratch.h"

#include <atomic>
#include <csignal>

namespace wayback::backend {
namespace {

std::atomic<bool> g_interrupted{false};
std::atomic<void (*)(void*)> g_cancel{nullptr};
std::atomic<void*> g_cancel_arg{nullptr};

extern "C" void OnInterrupt(int) {
  g_interrupted.store(true);
  // Both cancel functions (PQcancel, sqlite3_interrupt) are documented as
  // safe to call from a signal handler.
  if (auto cancel = g_cancel.load()) cancel(g_cancel_arg.load());
}

struct sigaction g_old_int, g_old_term;

}  // namespace

void SetCancelTarget(void (*cancel)(void*), void* arg) {
  g_cancel.store(nullptr);
  g_cancel_arg.store(arg);
  g_cancel.store(cancel);
}

InterruptScope::InterruptScope() {
  g_interrupted.store(false);
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
}

InterruptScope::~InterruptScope() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

bool InterruptScope::Interrupted() { return g_interrupted.load(); }

Result<std::unique_ptr<Scratch>> CreateScratch(const DatabaseUrl& source) {
  return source.dialect == Dialect::kPostgres ? CreatePostgresScratch(source) : CreateSqliteScratch(source);
}

}  // namespace wayback::backend
