// Secrets (passwords from database URLs) are registered here as soon as they
// are parsed; every line wayback prints passes through Redact(), so a secret
// never reaches stdout, stderr, a log or a JSON document, even when a library
// error message happens to quote it.
#pragma once

#include <string>
#include <string_view>

namespace wayback::util {

void RegisterSecret(std::string_view secret);
// `text` with every registered secret replaced by "****".
std::string Redact(std::string_view text);

}  // namespace wayback::util
