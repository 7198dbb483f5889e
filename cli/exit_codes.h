// The one table from error kinds to exit codes (the CLI contract in README.md).
#pragma once

#include "wayback/error.h"

namespace wayback::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitConflict = 3;
inline constexpr int kExitDatabase = 4;
inline constexpr int kExitInternal = 70;

inline int ExitCodeFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kFindings: return kExitFindings;
    case ErrorKind::kBadInput: return kExitBadInput;
    case ErrorKind::kConflict: return kExitConflict;
    case ErrorKind::kDatabase: return kExitDatabase;
    case ErrorKind::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

inline const char* KindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kFindings: return "findings";
    case ErrorKind::kBadInput: return "bad_input";
    case ErrorKind::kConflict: return "conflict";
    case ErrorKind::kDatabase: return "database";
    case ErrorKind::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace wayback::cli
