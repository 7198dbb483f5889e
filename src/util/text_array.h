// PostgreSQL's text form of a one-dimensional array ("{a,\"b c\",NULL}"), as
// libpq hands it over, read back into its elements.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wayback::util {

// The elements, nullopt for a NULL one; nullopt for text that is not such an
// array (more dimensions, explicit bounds, a missing brace).
std::optional<std::vector<std::optional<std::string>>> ParseTextArray(std::string_view text);
// The same with a NULL element as "", and no elements for text that is not
// such an array: for arrays known to hold no NULL.
std::vector<std::string> TextArrayElements(std::string_view text);

}  // namespace wayback::util
