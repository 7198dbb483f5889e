// The rule table: ids are stable (docs/rules/<id>.md); order is the order of
// docs/rules/README.md.
#include "lint/rules.h"

namespace wayback::lint {

void Reporter::At(const ScriptFile& file, const sql::Statement& s, const std::string& message) {
  out_.push_back({rule_, severity_, message, file.path, s.line, s.column, s.text, unit_.id});
}

void Reporter::File(const ScriptFile& file, const std::string& message) {
  out_.push_back({rule_, severity_, message, file.path, 1, 1, "", unit_.id});
}

const std::vector<Rule>& Rules() {
  using S = Severity;
  static const std::vector<Rule> rules = {
      {"missing-down", S::kError, "an up migration without a down", CheckMissingDown},
      {"placeholder-down", S::kError, "a down that is empty, only comments, or a TODO", CheckPlaceholderDown},
      {"down-does-not-undo", S::kError, "the down does not reverse what the up does", CheckDownDoesNotUndo},
      {"lossy-down", S::kWarning, "the down destroys data the up did not create", CheckLossyDown},
      {"irreversible-without-directive", S::kError, "a one-way door without -- wayback:irreversible",
       CheckIrreversibleWithoutDirective},
      {"incompatible-change", S::kError, "drop, rename or type change of a table or column the running code uses",
       CheckIncompatibleChange},
      {"non-transactional-statement", S::kError,
       "a statement that cannot run in a transaction, in a migration that is not no-transaction",
       CheckNonTransactional},
      {"transaction-control", S::kError, "BEGIN / COMMIT / ROLLBACK inside a migration", CheckTransactionControl},
      {"dml-without-where", S::kWarning, "UPDATE or DELETE of every row", CheckDmlWithoutWhere},
      {"data-with-ddl", S::kWarning, "a data change in the same migration as the schema change it depends on",
       CheckDataWithDdl},
      {"drop-database-without-force", S::kWarning, "DROP DATABASE without WITH (FORCE)",
       CheckDropDatabaseWithoutForce},
      {"missing-way-back", S::kWarning, "an up without a complete \"The way back\" block", CheckMissingWayBack},
      {"index-not-concurrent", S::kWarning, "CREATE INDEX without CONCURRENTLY on an existing table",
       CheckIndexNotConcurrent},
      {"drop-index-not-concurrent", S::kWarning, "DROP INDEX without CONCURRENTLY", CheckDropIndexNotConcurrent},
      {"foreign-key-validated", S::kWarning, "a foreign key added to an existing table without NOT VALID",
       CheckForeignKeyValidated},
      {"constraint-validated", S::kWarning, "a CHECK constraint added to an existing table without NOT VALID",
       CheckConstraintValidated},
      {"set-not-null", S::kWarning, "SET NOT NULL on an existing table scans it under ACCESS EXCLUSIVE",
       CheckSetNotNull},
      {"add-required-column", S::kError, "a NOT NULL column without a default added to an existing table",
       CheckAddRequiredColumn},
      {"unique-without-index", S::kWarning,
       "a UNIQUE or PRIMARY KEY constraint that builds its index under ACCESS EXCLUSIVE", CheckUniqueWithoutIndex},
      {"table-rewrite", S::kWarning, "a statement that rewrites an existing table under ACCESS EXCLUSIVE",
       CheckTableRewrite},
      {"not-understood", S::kInfo, "a statement the model does not understand", CheckNotUnderstood},
      {"syntax-error", S::kError, "a file whose SQL does not parse", CheckSyntaxError},
      {"invalid-directive", S::kError, "a -- wayback: directive that does not parse", CheckInvalidDirective},
      // "timeouts" is checked once per run against the config (lint.cc), not per migration.
  };
  return rules;
}

}  // namespace wayback::lint
