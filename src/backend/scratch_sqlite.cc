// SQLite scratch: the online backup API copies the source into an in-memory
// database; the source is opened read-only and closed at once.
#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "backend/scratch.h"
#include "backend/sqlite_connection.h"

namespace wayback::backend {
namespace {

// wayback_hash(x): an order-independent aggregate, the sum (mod 2^64) of the
// FNV-1a hash of each non-NULL value's storage class and text. A sum keeps
// it independent of row order while still counting duplicates.
void HashStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* sum = static_cast<uint64_t*>(sqlite3_aggregate_context(ctx, sizeof(uint64_t)));
  if (!sum || sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
  int type = sqlite3_value_type(argv[0]);
  // Integers and reals hash by their text, so 1 and 1.0 stored by different
  // paths still differ only when their text does.
  const unsigned char* text = sqlite3_value_text(argv[0]);
  int n = sqlite3_value_bytes(argv[0]);
  uint64_t h = 1469598103934665603ULL;
  h = (h ^ static_cast<uint64_t>(type == SQLITE_BLOB ? 'b' : 'v')) * 1099511628211ULL;
  for (int i = 0; i < n; ++i) h = (h ^ text[i]) * 1099511628211ULL;
  *sum += h;
}

void HashFinal(sqlite3_context* ctx) {
  auto* sum = static_cast<uint64_t*>(sqlite3_aggregate_context(ctx, 0));
  std::string text = std::to_string(sum ? *sum : 0);
  sqlite3_result_text(ctx, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void InterruptSqlite(void* db) { sqlite3_interrupt(static_cast<sqlite3*>(db)); }

class SqliteScratch final : public Scratch {
 public:
  SqliteScratch(std::unique_ptr<Connection> conn, std::string describe)
      : conn_(std::move(conn)), describe_(std::move(describe)) {
    SetCancelTarget(InterruptSqlite, SqliteHandle(*conn_));
  }
  ~SqliteScratch() override { SetCancelTarget(nullptr, nullptr); }
  Connection& conn() override { return *conn_; }
  std::string Describe() const override { return describe_; }

 private:
  std::unique_ptr<Connection> conn_;
  std::string describe_;
};

}  // namespace

Result<std::unique_ptr<Scratch>> CreateSqliteScratch(const DatabaseUrl& source) {
  sqlite3* src = nullptr;
  sqlite3* mem = nullptr;
  auto fail = [&](const std::string& what) {
    std::string message = what + ": " + (mem ? sqlite3_errmsg(mem) : src ? sqlite3_errmsg(src) : "out of memory");
    sqlite3_close_v2(src);
    sqlite3_close_v2(mem);
    return Fail(ErrorKind::kDatabase, "copying " + source.Masked() + " into memory: " + message);
  };
  // A missing file is an empty database: open it read-write only if it exists.
  int flags = SQLITE_OPEN_READONLY;
  if (sqlite3_open_v2(source.sqlite_path.c_str(), &src, flags, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(src);
    src = nullptr;
    if (sqlite3_open_v2(":memory:", &src, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return fail("open");
  }
  if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) != SQLITE_OK) {
    return fail("open memory");
  }
  sqlite3_backup* backup = sqlite3_backup_init(mem, "main", src, "main");
  if (!backup) return fail("backup");
  int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return fail("backup");
  sqlite3_close_v2(src);
  src = nullptr;
  sqlite3_create_function_v2(mem, "wayback_hash", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, nullptr,
                             HashStep, HashFinal, nullptr);
  auto conn = WrapSqlite(mem, "in-memory copy of " + source.Masked());
  return std::unique_ptr<Scratch>(new SqliteScratch(std::move(conn), "in-memory copy of " + source.Masked()));
}

}  // namespace wayback::backend
