// Hashes: SHA-256 for migration checksums (stable, collision resistant, what
// users can reproduce with `sha256sum`), FNV-1a for cheap in-process keys.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wayback::util {

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// 64-bit FNV-1a.
uint64_t Fnv1a64(std::string_view data);

}  // namespace wayback::util
