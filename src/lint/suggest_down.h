// `wayback lint --suggest-down`: the inverse of an up, written from its
// effects, for the changes that have one wayback can write.
#pragma once

#include "lint/unit.h"

namespace wayback::lint {

// Statements in reverse order, identifiers quoted. A statement with no
// automatic inverse becomes a `-- no automatic inverse` comment and makes the
// suggestion incomplete.
SuggestedDown SuggestDown(const Unit& unit);

}  // namespace wayback::lint
