// Internal to the PostgreSQL translation (postgres_model.cc, postgres_ddl.cc):
// helpers over libpg_query's JSON parse tree and the per-node translators.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "sql/statement.h"

namespace wayback::sql::pg {

using Json = nlohmann::json;

// The string at `key`, "" when absent.
std::string Str(const Json& node, const char* key);
bool Bool(const Json& node, const char* key);
// {"schemaname":…,"relname":…} → name.
QualifiedName RangeVar(const Json& rv);
// [{"String":{"sval":"s"}},{"String":{"sval":"t"}}] → s.t
QualifiedName NameList(const Json& list);
// A TypeName node as written ("int4" for int, "varchar(20)", "text[]").
std::string TypeText(const Json& type_name);
// True when evaluating `expr` per row may give different values (a call to a
// function not known to be immutable or stable): a column default like that
// forces a table rewrite.
bool IsVolatile(const Json& expr);

// Translators: each appends the effects of one parse node.
void AlterTable(const Json& node, std::vector<Effect>& out);
void Rename(const Json& node, std::vector<Effect>& out);
void Drop(const Json& node, std::vector<Effect>& out);
void CreateTable(const Json& node, std::vector<Effect>& out);
void CreateIndex(const Json& node, std::vector<Effect>& out);

}  // namespace wayback::sql::pg
