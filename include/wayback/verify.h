// verify: proves each migration's down on a scratch copy of the target.
//
// For each migration, in order, on the copy: seed synthetic rows, then
// S0 → up → S1 → down → S2 → up → S3, comparing schema snapshots
// (wayback/snapshot.h) and data fingerprints (row count and an
// order-independent hash per column). The target itself is only read, except
// that the verdicts are stored in its state at the end. docs/verify.md has the
// rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wayback/error.h"
#include "wayback/migration.h"
#include "wayback/project.h"

namespace wayback {

// Ordered from best to worst: when several apply, the most severe wins.
enum class Verdict {
  kReversible,      // S2 = S0 in schema and in data of every table that existed before
  kIrreversible,    // declared `-- wayback:irreversible`; the down is not tried
  kLossy,           // the schema comes back, the data does not
  kNotReappliable,  // the second up fails, or S3 differs from S1
  kBroken,          // the down fails, or leaves a different schema
  kUpFailed,        // the up itself fails on the copy
};

const char* VerdictName(Verdict v);  // "reversible", "not-reappliable", "up-failed", …
std::optional<Verdict> ParseVerdict(std::string_view name);
// True for the verdicts that make `wayback verify` exit 1.
bool IsFailingVerdict(Verdict v);

// Values of one column that did not survive the round trip.
struct DataLoss {
  std::string table, column;  // column empty: the table lost or gained rows
  int64_t rows_before = 0, rows_after = 0;
  int64_t values_before = 0, values_after = 0;  // non-NULL values
  bool values_changed = false;  // same counts, different values

  std::string Describe() const;
};

// One thing verify found about a migration.
struct VerifyFinding {
  Verdict verdict = Verdict::kReversible;
  std::string message;               // one line
  std::vector<std::string> details;  // schema diff lines, the error, …
};

// What seeding did to one table before a migration.
struct SeedNote {
  std::string table;
  int64_t inserted = 0;
  std::string problem;  // empty when every row went in
};

struct MigrationVerdict {
  std::string version, name;
  std::string up_checksum, down_checksum;  // down_checksum empty without a down
  Verdict verdict = Verdict::kReversible;
  std::vector<VerifyFinding> findings;  // every finding, the deciding one first
  std::vector<DataLoss> data_loss;
  std::vector<SeedNote> seeding;
  int64_t duration_ms = 0;

  std::string Id() const { return version + "_" + name; }
  // The deciding finding's message, or "up, down and up again restore schema and data".
  std::string Summary() const;
};

class VerifyObserver {
 public:
  virtual ~VerifyObserver() = default;
  virtual void OnStart(int /*total*/, const std::string& /*scratch*/) {}
  virtual void OnMigration(const std::string& /*id*/, int /*index*/, int /*total*/) {}
  virtual void OnVerdict(const MigrationVerdict& /*v*/) {}
  virtual void OnNote(const std::string& /*message*/) {}
};

struct VerifyOptions {
  // "A..B", "A..", "..B" or "A" (versions compare numerically). Default: every
  // migration. Applied migrations in the range are first rolled back on the
  // copy with their stored down SQL.
  std::string range;
  int seed_rows = 5;                    // Default: 5 rows in every user table with fewer
  std::optional<std::string> source;    // copy this database instead of the target (--source URL)
  bool store = true;                    // store the verdicts and a `verify` event in the target
};

struct VerifyReport {
  std::string target;
  std::string scratch;  // what was copied, masked
  std::vector<MigrationVerdict> results;
  std::vector<std::string> notes;
  bool Failed() const;  // any verdict IsFailingVerdict
};

Result<VerifyReport> Verify(const Target& target, const VerifyOptions& options, VerifyObserver& observer);

// A verdict stored in the target, for one (up checksum, down checksum) pair.
struct StoredVerdict {
  std::string version, name;
  std::string up_checksum, down_checksum;
  Verdict verdict = Verdict::kReversible;
  std::string summary;
  std::string verified_at;  // UTC ISO 8601
};

// Every stored verdict of the target; empty when verify never ran there.
Result<std::vector<StoredVerdict>> LoadVerdicts(const Target& target);

// The stored verdict for these exact checksums, or nullptr.
const StoredVerdict* FindVerdict(const std::vector<StoredVerdict>& verdicts, const std::string& up_checksum,
                                 const std::string& down_checksum);

// `up --require-verified`: ok when the migration's current files are verified
// `reversible` (or `lossy` with accept_loss, or declared irreversible and
// verified so); kFindings naming the migration and what to run otherwise.
Status CheckVerified(const std::vector<StoredVerdict>& verdicts, const Migration& m, bool accept_loss);

}  // namespace wayback
