// Verdict names, severities and the `up --require-verified` rule.
#include <algorithm>

#include "wayback/verify.h"

namespace wayback {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kReversible: return "reversible";
    case Verdict::kIrreversible: return "irreversible";
    case Verdict::kLossy: return "lossy";
    case Verdict::kNotReappliable: return "not-reappliable";
    case Verdict::kBroken: return "broken";
    case Verdict::kUpFailed: return "up-failed";
  }
  return "broken";
}

std::optional<Verdict> ParseVerdict(std::string_view name) {
  for (Verdict v : {Verdict::kReversible, Verdict::kIrreversible, Verdict::kLossy, Verdict::kNotReappliable,
                    Verdict::kBroken, Verdict::kUpFailed}) {
    if (name == VerdictName(v)) return v;
  }
  return std::nullopt;
}

// up-failed counts too: an up that fails on a copy of the target will fail on
// the target.
bool IsFailingVerdict(Verdict v) {
  return v == Verdict::kLossy || v == Verdict::kNotReappliable || v == Verdict::kBroken ||
         v == Verdict::kUpFailed;
}

std::string DataLoss::Describe() const {
  if (column.empty()) {
    return table + ": " + std::to_string(rows_before) + " rows before, " + std::to_string(rows_after) + " after";
  }
  std::string out = table + "." + column + ": ";
  if (values_changed) return out + std::to_string(values_before) + " values, contents differ after the round trip";
  int64_t lost = values_before - values_after;
  if (lost > 0) return out + std::to_string(lost) + " of " + std::to_string(values_before) + " values lost";
  return out + std::to_string(values_before) + " values before, " + std::to_string(values_after) + " after";
}

std::string MigrationVerdict::Summary() const {
  if (findings.empty()) return "up, down and up again restore schema and data";
  return findings.front().message;
}

bool VerifyReport::Failed() const {
  return std::any_of(results.begin(), results.end(),
                     [](const MigrationVerdict& r) { return IsFailingVerdict(r.verdict); });
}

const StoredVerdict* FindVerdict(const std::vector<StoredVerdict>& verdicts, const std::string& up_checksum,
                                 const std::string& down_checksum) {
  for (const auto& v : verdicts) {
    if (v.up_checksum == up_checksum && v.down_checksum == down_checksum) return &v;
  }
  return nullptr;
}

Status CheckVerified(const std::vector<StoredVerdict>& verdicts, const Migration& m, bool accept_loss) {
  const StoredVerdict* v = FindVerdict(verdicts, m.up.checksum, m.down ? m.down->checksum : "");
  if (!v) {
    return Fail(ErrorKind::kFindings, m.Id() + " is not verified in its current form",
                "run `wayback verify --range " + m.version + "` first (or apply without --require-verified)");
  }
  switch (v->verdict) {
    case Verdict::kReversible:
      return {};
    case Verdict::kIrreversible:
      return Fail(ErrorKind::kFindings, m.Id() + " is declared irreversible: it has no verified way back",
                  "a one-way door is applied deliberately: run `wayback up` without --require-verified");
    case Verdict::kLossy:
      if (accept_loss) return {};
      return Fail(ErrorKind::kFindings, m.Id() + " is verified lossy: " + v->summary,
                  "its down loses data; pass --accept-loss to apply it anyway, or fix the down and verify again");
    default:
      return Fail(ErrorKind::kFindings, m.Id() + " is verified " + VerdictName(v->verdict) + ": " + v->summary,
                  "fix the migration and run `wayback verify` again");
  }
}

}  // namespace wayback
