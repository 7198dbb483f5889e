// The rule plug-in family: one rule_<family>.cc per small family, each rule a
// function over a Unit; kRules in rules.cc lists them all.
#pragma once

#include <string>
#include <vector>

#include "lint/unit.h"

namespace wayback::lint {

// Collects the findings of one rule on one unit.
class Reporter {
 public:
  Reporter(const Unit& unit, const std::string& rule, Severity severity, std::vector<Finding>& out)
      : unit_(unit), rule_(rule), severity_(severity), out_(out) {}
  // A finding at a statement of `file`.
  void At(const ScriptFile& file, const sql::Statement& s, const std::string& message);
  // A finding about a whole file (line 1).
  void File(const ScriptFile& file, const std::string& message);

 private:
  const Unit& unit_;
  const std::string& rule_;
  Severity severity_;
  std::vector<Finding>& out_;
};

struct LintContext {
  const Unit& unit;
  const Facts& facts;    // of the up
  const LintOptions& options;
};

using CheckFn = void (*)(const LintContext& ctx, Reporter& report);

struct Rule {
  const char* id;
  Severity severity;
  const char* summary;
  CheckFn check;
};

const std::vector<Rule>& Rules();

// Families (rule_*.cc).
void CheckMissingDown(const LintContext&, Reporter&);
void CheckPlaceholderDown(const LintContext&, Reporter&);
void CheckDownDoesNotUndo(const LintContext&, Reporter&);
void CheckLossyDown(const LintContext&, Reporter&);
void CheckIrreversibleWithoutDirective(const LintContext&, Reporter&);
void CheckIncompatibleChange(const LintContext&, Reporter&);
void CheckNonTransactional(const LintContext&, Reporter&);
void CheckTransactionControl(const LintContext&, Reporter&);
void CheckDmlWithoutWhere(const LintContext&, Reporter&);
void CheckDataWithDdl(const LintContext&, Reporter&);
void CheckDropDatabaseWithoutForce(const LintContext&, Reporter&);
void CheckMissingWayBack(const LintContext&, Reporter&);
void CheckNotUnderstood(const LintContext&, Reporter&);
void CheckSyntaxError(const LintContext&, Reporter&);
void CheckInvalidDirective(const LintContext&, Reporter&);
void CheckIndexNotConcurrent(const LintContext&, Reporter&);
void CheckDropIndexNotConcurrent(const LintContext&, Reporter&);
void CheckForeignKeyValidated(const LintContext&, Reporter&);
void CheckConstraintValidated(const LintContext&, Reporter&);
void CheckSetNotNull(const LintContext&, Reporter&);
void CheckAddRequiredColumn(const LintContext&, Reporter&);
void CheckUniqueWithoutIndex(const LintContext&, Reporter&);
void CheckTableRewrite(const LintContext&, Reporter&);

// Down statements that are only comments, empty, or a TODO: nothing to run.
bool IsPlaceholder(const ScriptFile& down);

}  // namespace wayback::lint
