// File access that reports errors as values with the path in the message.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "wayback/error.h"

namespace wayback::util {

Result<std::string> ReadFile(const std::filesystem::path& path);
// Writes atomically (temp file + rename) so a crash never leaves half a file.
Status WriteFile(const std::filesystem::path& path, std::string_view content);
// Writes only if `path` does not exist yet; kBadInput if it does.
Status CreateFile(const std::filesystem::path& path, std::string_view content);

// Offset of the first byte that is not valid UTF-8, or npos.
size_t FindInvalidUtf8(std::string_view text);

}  // namespace wayback::util
