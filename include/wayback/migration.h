// A migration set on disk: NNNN_slug.up.sql + NNNN_slug.down.sql.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "wayback/database_url.h"
#include "wayback/error.h"

namespace wayback {

// `-- wayback:allow <rule> <reason>`
struct Allow {
  std::string rule;
  std::string reason;
  int line = 0;
};

// Directives are comment lines of the form `-- wayback:<name> [argument]`.
struct Directives {
  bool no_transaction = false;                // -- wayback:no-transaction
  std::optional<std::string> irreversible;    // -- wayback:irreversible <reason>
  std::vector<Allow> allows;
};

// The way-back block `wayback new` writes at the top of every up file:
//   -- The way back
//   --   writes:  where this migration writes
//   --   reverse: how one wrong write is reversed
//   --   window:  how long we have to reverse it
struct WayBackBlock {
  bool present = false;
  std::string writes, reverse, window;
};

// One statement of a script, as the engine's own parser cuts it.
struct ScriptStatement {
  std::string text;   // the statement, without the terminating ';'
  size_t offset = 0;  // byte offset of its first code character in the script
  int line = 1;       // 1-based line of that character
};

struct MigrationFile {
  std::filesystem::path path;
  std::string text;
  std::string checksum;  // SHA-256 hex of the bytes
  Directives directives;
  std::vector<ScriptStatement> statements;  // split once, when loaded
};

struct Migration {
  std::string version;  // the leading digits, as written ("0042")
  std::string name;     // the slug ("add_email")
  MigrationFile up;
  std::optional<MigrationFile> down;  // absent only when the up is declared irreversible
  WayBackBlock way_back;

  std::string Id() const { return version + "_" + name; }
};

// Reads the directives of a script (up or down).
Result<Directives> ParseDirectives(std::string_view text, const std::string& where);
WayBackBlock ParseWayBackBlock(std::string_view text);

// Loads and validates every migration in `dir`, ordered by numeric version.
// Any problem is kBadInput naming the file (and line): a duplicate version, a
// down without an up, an up without a down that is not irreversible, a name
// that does not parse, invalid UTF-8, an up with no statement. A missing folder
// is an empty set.
Result<std::vector<Migration>> LoadMigrations(const std::filesystem::path& dir, Dialect dialect);

}  // namespace wayback
