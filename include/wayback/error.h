// Errors are values. Every fallible function returns Result<T> (std::expected)
// carrying an Error: a kind that decides the exit code, a message that grows a
// context prefix on its way up ("applying 0042_add_email (up): [42701] ..."),
// and an optional hint that tells the user what to do next.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace wayback {

// The kind of failure. The CLI maps each kind to one exit code (cli/exit_codes.h).
enum class ErrorKind {
  kFindings,   // the command worked and found problems (exit 1)
  kBadInput,   // usage, config or migration files are wrong (exit 2)
  kConflict,   // lock wait exceeded, concurrent change (exit 3)
  kDatabase,   // the database refused or failed (exit 4)
  kInternal,   // a bug in wayback (exit 70)
};

class Error {
 public:
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }
  // SQLSTATE for database errors, empty otherwise.
  const std::string& sqlstate() const { return sqlstate_; }

  // Prepends "context: " to the message.
  Error& context(const std::string& ctx) {
    message_ = ctx + ": " + message_;
    return *this;
  }
  Error& with_hint(std::string hint) {
    hint_ = std::move(hint);
    return *this;
  }
  Error& with_sqlstate(std::string state) {
    sqlstate_ = std::move(state);
    return *this;
  }
  // Keeps a second error that happened while handling this one (a failed
  // rollback after a failed statement): both are reported.
  Error& also(const Error& other) {
    message_ += "; then: " + other.message_;
    return *this;
  }

 private:
  ErrorKind kind_;
  std::string message_;
  std::string hint_;
  std::string sqlstate_;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = Result<void>;

inline std::unexpected<Error> Fail(ErrorKind kind, std::string message) {
  return std::unexpected<Error>(Error(kind, std::move(message)));
}
inline std::unexpected<Error> Fail(ErrorKind kind, std::string message, std::string hint) {
  return std::unexpected<Error>(Error(kind, std::move(message)).with_hint(std::move(hint)));
}
inline std::unexpected<Error> Fail(Error error) { return std::unexpected<Error>(std::move(error)); }

// Drops the value of a Result, keeping its error (g++ 12's std::expected has
// no monadic operations yet).
template <class T>
Status Discard(Result<T>&& r) {
  if (!r) return Fail(std::move(r).error());
  return {};
}

// Applies `f` to the error of `r`, if any: MapError(Load(p), [](Error e) { return e.context(p); }).
template <class T, class F>
Result<T> MapError(Result<T>&& r, F&& f) {
  if (r) return std::move(r);
  return Fail(f(std::move(r).error()));
}

}  // namespace wayback

#define WAYBACK_CONCAT_INNER(a, b) a##b
#define WAYBACK_CONCAT(a, b) WAYBACK_CONCAT_INNER(a, b)

// Returns the error of `expr` (a Result) from the enclosing function.
#define WB_TRY(expr)                                                          \
  do {                                                                        \
    auto&& wb_try_result = (expr);                                            \
    if (!wb_try_result) return ::wayback::Fail(std::move(wb_try_result).error()); \
  } while (0)

// Declares `decl` from the value of `expr`, or returns its error. It expands
// to several statements: under an `if`, use braces.
#define WB_ASSIGN(decl, expr) WB_ASSIGN_IMPL(WAYBACK_CONCAT(wb_assign_, __LINE__), decl, expr)
#define WB_ASSIGN_IMPL(tmp, decl, expr)                       \
  auto tmp = (expr);                                          \
  if (!tmp) return ::wayback::Fail(std::move(tmp).error());   \
  decl = std::move(*tmp)
