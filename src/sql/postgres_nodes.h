// Internal to the PostgreSQL translation (postgres_model.cc, postgres_ddl.cc):
// helpers over libpg_query's JSON parse tree and the per-node translators.
#pragma once

#include <string>
#include <vector>

#include "sql/postgres_json.h"
#include "sql/statement.h"

namespace wayback::sql::pg {

// {"schemaname":…,"relname":…}, bare or wrapped in {"RangeVar":…} → name.
QualifiedName RangeVar(const Node& rv);
// [{"String":{"sval":"s"}},{"String":{"sval":"t"}}] → s.t
QualifiedName NameList(const Node& list);
// A TypeName node as written ("int4" for int, "varchar(20)", "text[]").
std::string TypeText(const Node& type_name);
// True when evaluating `expr` per row may give different values (a call to a
// function not known to be immutable or stable): a column default like that
// forces a table rewrite.
bool IsVolatile(const Node& expr);

// Translators: each appends the effects of one parse node.
void AlterTable(const Node& node, std::vector<Effect>& out);
void Rename(const Node& node, std::vector<Effect>& out);
void Drop(const Node& node, std::vector<Effect>& out);
void CreateTable(const Node& node, std::vector<Effect>& out);
void CreateIndex(const Node& node, std::vector<Effect>& out);

}  // namespace wayback::sql::pg
