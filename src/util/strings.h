// Small string helpers shared by every stage. Depends on nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wayback::util {

std::string_view Trim(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
std::string ToLower(std::string_view s);
// Splits on '\n'; a trailing '\r' is removed from each line.
std::vector<std::string_view> Lines(std::string_view s);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
// 1-based line number of byte `offset` in `text`.
int LineOfOffset(std::string_view text, size_t offset);
// Numeric comparison of two digit strings of any length ("0010" > "9").
int CompareVersions(std::string_view a, std::string_view b);

}  // namespace wayback::util
