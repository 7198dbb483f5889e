// The quoted identifier fragments that the journal's SQL templates need for
// one table ({{table}}, {{key_match_t}}, {{set_list}} …; see
// src/journal/state/*.sql). Every name from the user's schema is quoted here.
#pragma once

#include <map>
#include <string>

#include "journal/table_info.h"

namespace wayback::journal {

// `set_list` assigns every writable non-key column from the before-image.
std::map<std::string, std::string> TableVars(const TableInfo& t, Dialect dialect);

}  // namespace wayback::journal
