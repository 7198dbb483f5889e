// Every line wayback shows a person goes through RedactSecrets(): passwords of
// the database URLs parsed in this process become "****".
#pragma once

#include <string>
#include <string_view>

namespace wayback {

std::string RedactSecrets(std::string_view text);

}  // namespace wayback
