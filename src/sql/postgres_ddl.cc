// Translation of the table-shaped DDL nodes (CREATE TABLE, CREATE INDEX, ALTER
// TABLE, RENAME, DROP) with the lock each takes, per PostgreSQL 15's
// documentation of ALTER TABLE subcommands and explicit locking.
#include <map>
#include <set>

#include "sql/postgres_nodes.h"

namespace wayback::sql::pg {
namespace {

using L = LockLevel;

// Functions whose value does not change from row to row within one statement
// (immutable or stable): a default that only calls these is evaluated once.
const std::set<std::string>& NonVolatileFunctions() {
  static const std::set<std::string> names = {
      "now", "statement_timestamp", "transaction_timestamp", "current_timestamp", "lower", "upper",
      "concat", "concat_ws", "coalesce", "to_char", "to_timestamp", "to_date", "make_interval",
      "jsonb_build_object", "json_build_object", "jsonb_build_array", "json_build_array", "array",
      "abs", "round", "length", "trim", "btrim", "replace", "substring", "left", "right",
      "date_trunc", "timezone", "nullif", "greatest", "least", "md5", "format"};
  return names;
}

bool IsSerial(const std::string& type) {
  return type == "serial" || type == "bigserial" || type == "smallserial" || type == "serial2" ||
         type == "serial4" || type == "serial8";
}

std::string ConstraintType(const std::string& contype) {
  if (contype == "CONSTR_PRIMARY") return "primary key";
  if (contype == "CONSTR_UNIQUE") return "unique";
  if (contype == "CONSTR_FOREIGN") return "foreign key";
  if (contype == "CONSTR_CHECK") return "check";
  if (contype == "CONSTR_EXCLUSION") return "exclusion";
  if (contype == "CONSTR_NOTNULL") return "not null";
  return "";
}

// Lock, scan and rewrite of adding constraint `c` to an existing table.
Effect AddConstraintEffect(const QualifiedName& table, const Json& c, const std::string& column) {
  Effect e{.action = Action::kAddConstraint, .kind = ObjectKind::kConstraint};
  e.object = {table.schema, Str(c, "conname")};
  e.table = table;
  e.column = column;
  std::string type = Str(c, "contype");
  e.constraint_type = ConstraintType(type);
  e.not_valid = Bool(c, "skip_validation");
  e.uses_index = !Str(c, "indexname").empty();
  e.lock_on = table;
  if (type == "CONSTR_FOREIGN") {
    e.references = RangeVar(c.value("pktable", Json::object()));
    // Both tables: SHARE ROW EXCLUSIVE (PostgreSQL 15, ALTER TABLE … ADD FOREIGN KEY).
    e.lock = L::kShareRowExclusive;
  } else {
    e.lock = L::kAccessExclusive;
  }
  // NOT VALID skips the check of existing rows; USING INDEX reuses a built index.
  e.scans = !e.not_valid && !e.uses_index;
  return e;
}

void AddColumn(const QualifiedName& table, const Json& def, std::vector<Effect>& out) {
  Effect e{.action = Action::kAddColumn, .kind = ObjectKind::kColumn};
  e.object = table;
  e.table = table;
  e.column = Str(def, "colname");
  e.type = TypeText(def.value("typeName", Json::object()));
  e.lock = L::kAccessExclusive;
  e.lock_on = table;
  if (IsSerial(e.type)) e.has_default = e.volatile_default = true;
  std::vector<Effect> constraints;
  for (const Json& cj : def.value("constraints", Json::array())) {
    const Json& c = cj.value("Constraint", Json::object());
    std::string type = Str(c, "contype");
    if (type == "CONSTR_NOTNULL") {
      e.not_null = true;
    } else if (type == "CONSTR_DEFAULT") {
      e.has_default = true;
      if (IsVolatile(c.value("raw_expr", Json::object()))) e.volatile_default = true;
    } else if (type == "CONSTR_IDENTITY" || type == "CONSTR_GENERATED") {
      // Every existing row gets a computed value.
      e.has_default = e.volatile_default = true;
    } else if (!ConstraintType(type).empty()) {
      constraints.push_back(AddConstraintEffect(table, c, e.column));
    }
  }
  e.rewrites = e.volatile_default;
  out.push_back(e);
  for (auto& c : constraints) out.push_back(c);
}

Effect ColumnEffect(Action action, const QualifiedName& table, const std::string& column, L lock) {
  Effect e{.action = action, .kind = ObjectKind::kColumn};
  e.object = table;
  e.table = table;
  e.column = column;
  e.lock = lock;
  e.lock_on = table;
  return e;
}

void AlterTableCmd(const QualifiedName& table, const Json& cmd, std::vector<Effect>& out) {
  std::string sub = Str(cmd, "subtype");
  std::string name = Str(cmd, "name");
  const Json& def = cmd.value("def", Json::object());
  if (sub == "AT_AddColumn" || sub == "AT_AddColumnRecurse") {
    AddColumn(table, def.value("ColumnDef", Json::object()), out);
  } else if (sub == "AT_DropColumn" || sub == "AT_DropColumnRecurse") {
    Effect e = ColumnEffect(Action::kDrop, table, name, L::kAccessExclusive);
    e.destroys_data = true;
    e.if_exists = Bool(cmd, "missing_ok");
    e.cascade = Str(cmd, "behavior") == "DROP_CASCADE";
    out.push_back(e);
  } else if (sub == "AT_AlterColumnType") {
    Effect e = ColumnEffect(Action::kTypeChange, table, name, L::kAccessExclusive);
    const Json& cd = def.value("ColumnDef", Json::object());
    e.type = TypeText(cd.value("typeName", Json::object()));
    // Rewrites unless the old type is binary-coercible to the new one, which
    // the statement alone cannot tell: assume the expensive case.
    e.rewrites = true;
    out.push_back(e);
  } else if (sub == "AT_SetNotNull") {
    Effect e = ColumnEffect(Action::kSetNotNull, table, name, L::kAccessExclusive);
    e.scans = true;  // every row is checked while the lock is held
    out.push_back(e);
  } else if (sub == "AT_DropNotNull") {
    out.push_back(ColumnEffect(Action::kDropNotNull, table, name, L::kAccessExclusive));
  } else if (sub == "AT_ColumnDefault") {
    bool set = !def.is_null() && !def.empty();
    Effect e = ColumnEffect(set ? Action::kSetDefault : Action::kDropDefault, table, name, L::kAccessExclusive);
    out.push_back(e);
  } else if (sub == "AT_AddConstraint" || sub == "AT_AddConstraintRecurse" || sub == "AT_AddIndexConstraint") {
    out.push_back(AddConstraintEffect(table, def.value("Constraint", Json::object()), ""));
  } else if (sub == "AT_ValidateConstraint" || sub == "AT_ValidateConstraintRecurse") {
    Effect e{.action = Action::kValidateConstraint, .kind = ObjectKind::kConstraint};
    e.object = {table.schema, name};
    e.table = e.lock_on = table;
    e.lock = L::kShareUpdateExclusive;  // reads and writes go on during validation
    e.scans = true;
    out.push_back(e);
  } else if (sub == "AT_DropConstraint" || sub == "AT_DropConstraintRecurse") {
    Effect e{.action = Action::kDropConstraint, .kind = ObjectKind::kConstraint};
    e.object = {table.schema, name};
    e.table = e.lock_on = table;
    e.lock = L::kAccessExclusive;
    e.if_exists = Bool(cmd, "missing_ok");
    out.push_back(e);
  } else {
    Effect e{.action = Action::kAlter, .kind = ObjectKind::kTable};
    e.object = e.table = e.lock_on = table;
    e.column = name;
    e.detail = sub;
    e.lock = L::kAccessExclusive;
    if (sub == "AT_SetStatistics" || sub == "AT_ClusterOn" || sub == "AT_DropCluster" ||
        sub == "AT_SetRelOptions" || sub == "AT_ResetRelOptions" || sub == "AT_SetOptions" ||
        sub == "AT_ResetOptions" || sub == "AT_AttachPartition") {
      e.lock = L::kShareUpdateExclusive;
    } else if (sub.find("Trig") != std::string::npos) {
      e.lock = L::kShareRowExclusive;  // ENABLE / DISABLE TRIGGER
    } else if (sub == "AT_DetachPartition" && Bool(def.value("PartitionCmd", Json::object()), "concurrent")) {
      e.lock = L::kShareUpdateExclusive;
      e.transactional = false;
    } else if (sub == "AT_SetLogged" || sub == "AT_SetUnLogged" || sub == "AT_SetTableSpace" ||
               sub == "AT_SetAccessMethod") {
      e.rewrites = true;
    }
    out.push_back(e);
  }
}

ObjectKind KindOfObjectType(const std::string& t) {
  if (t == "OBJECT_TABLE" || t == "OBJECT_FOREIGN_TABLE") return ObjectKind::kTable;
  if (t == "OBJECT_COLUMN" || t == "OBJECT_ATTRIBUTE") return ObjectKind::kColumn;
  if (t == "OBJECT_INDEX") return ObjectKind::kIndex;
  if (t == "OBJECT_TABCONSTRAINT" || t == "OBJECT_DOMCONSTRAINT") return ObjectKind::kConstraint;
  if (t == "OBJECT_VIEW") return ObjectKind::kView;
  if (t == "OBJECT_MATVIEW") return ObjectKind::kMaterializedView;
  if (t == "OBJECT_SEQUENCE") return ObjectKind::kSequence;
  if (t == "OBJECT_FUNCTION" || t == "OBJECT_PROCEDURE" || t == "OBJECT_ROUTINE" || t == "OBJECT_AGGREGATE") {
    return ObjectKind::kFunction;
  }
  if (t == "OBJECT_TRIGGER") return ObjectKind::kTrigger;
  if (t == "OBJECT_TYPE") return ObjectKind::kType;
  if (t == "OBJECT_DOMAIN") return ObjectKind::kDomain;
  if (t == "OBJECT_EXTENSION") return ObjectKind::kExtension;
  if (t == "OBJECT_SCHEMA") return ObjectKind::kSchema;
  if (t == "OBJECT_DATABASE") return ObjectKind::kDatabase;
  if (t == "OBJECT_TABLESPACE") return ObjectKind::kTablespace;
  if (t == "OBJECT_ROLE") return ObjectKind::kRole;
  if (t == "OBJECT_POLICY") return ObjectKind::kPolicy;
  return ObjectKind::kOther;
}

// The name of one object of a DROP or RENAME: a name list, an ObjectWithArgs,
// a TypeName or a bare String.
QualifiedName ObjectName(const Json& obj) {
  if (obj.contains("List")) return NameList(obj["List"].value("items", Json::array()));
  if (obj.contains("ObjectWithArgs")) return NameList(obj["ObjectWithArgs"].value("objname", Json::array()));
  if (obj.contains("TypeName")) return NameList(obj["TypeName"].value("names", Json::array()));
  if (obj.contains("String")) return {"", Str(obj["String"], "sval")};
  if (obj.is_array()) return NameList(obj);
  return {};
}

}  // namespace

void CreateTable(const Json& n, std::vector<Effect>& out) {
  Effect e{.action = Action::kCreate, .kind = ObjectKind::kTable};
  e.object = e.table = RangeVar(n.value("relation", Json::object()));
  e.if_not_exists = Bool(n, "if_not_exists");
  std::vector<Effect> extra;
  auto foreign_key = [&](const Json& c) {
    if (Str(c, "contype") != "CONSTR_FOREIGN") return;
    // Creating a table with a foreign key locks the referenced table.
    Effect fk{.action = Action::kAddConstraint, .kind = ObjectKind::kConstraint};
    fk.object = {e.object.schema, Str(c, "conname")};
    fk.table = e.object;
    fk.constraint_type = "foreign key";
    fk.references = RangeVar(c.value("pktable", Json::object()));
    fk.lock = L::kShareRowExclusive;
    fk.lock_on = fk.references;
    extra.push_back(fk);
  };
  for (const Json& elt : n.value("tableElts", Json::array())) {
    if (elt.contains("Constraint")) foreign_key(elt["Constraint"]);
    if (elt.contains("ColumnDef")) {
      for (const Json& c : elt["ColumnDef"].value("constraints", Json::array())) {
        if (c.contains("Constraint")) foreign_key(c["Constraint"]);
      }
    }
  }
  out.push_back(e);
  for (auto& x : extra) out.push_back(x);
}

void CreateIndex(const Json& n, std::vector<Effect>& out) {
  Effect e{.action = Action::kCreateIndex, .kind = ObjectKind::kIndex};
  e.table = e.lock_on = RangeVar(n.value("relation", Json::object()));
  e.object = {e.table.schema, Str(n, "idxname")};
  e.concurrent = Bool(n, "concurrent");
  e.if_not_exists = Bool(n, "if_not_exists");
  // SHARE blocks writes while the index is built; CONCURRENTLY does not.
  e.lock = e.concurrent ? L::kShareUpdateExclusive : L::kShare;
  e.scans = true;
  e.transactional = !e.concurrent;
  if (Bool(n, "unique")) e.detail = "unique";
  out.push_back(e);
}

void AlterTable(const Json& n, std::vector<Effect>& out) {
  QualifiedName table = RangeVar(n.value("relation", Json::object()));
  std::string objtype = Str(n, "objtype");
  if (objtype != "OBJECT_TABLE" && objtype != "OBJECT_FOREIGN_TABLE") {
    Effect e{.action = Action::kAlter, .kind = KindOfObjectType(objtype)};
    e.object = e.lock_on = table;
    e.lock = L::kAccessExclusive;
    out.push_back(e);
    return;
  }
  for (const Json& c : n.value("cmds", Json::array())) {
    AlterTableCmd(table, c.value("AlterTableCmd", Json::object()), out);
  }
}

void Rename(const Json& n, std::vector<Effect>& out) {
  Effect e{.action = Action::kRename, .kind = KindOfObjectType(Str(n, "renameType"))};
  e.new_name = Str(n, "newname");
  e.if_exists = Bool(n, "missing_ok");
  if (n.contains("relation")) {
    QualifiedName rel = RangeVar(n["relation"]);
    if (e.kind == ObjectKind::kColumn || e.kind == ObjectKind::kConstraint || e.kind == ObjectKind::kTrigger ||
        e.kind == ObjectKind::kPolicy) {
      e.table = rel;
      e.object = rel;
      e.column = Str(n, "subname");
      if (e.kind != ObjectKind::kColumn) e.object = {rel.schema, e.column};
    } else {
      e.object = e.table = rel;
    }
    e.lock_on = rel;
    // Renaming an index takes SHARE UPDATE EXCLUSIVE since PostgreSQL 12.
    e.lock = e.kind == ObjectKind::kIndex ? L::kShareUpdateExclusive : L::kAccessExclusive;
  } else if (n.contains("object")) {
    e.object = ObjectName(n["object"]);
    if (e.kind == ObjectKind::kColumn) e.column = Str(n, "subname");
  } else {
    e.object = {"", Str(n, "subname")};
  }
  out.push_back(e);
}

void Drop(const Json& n, std::vector<Effect>& out) {
  ObjectKind kind = KindOfObjectType(Str(n, "removeType"));
  for (const Json& obj : n.value("objects", Json::array())) {
    Effect e{.action = kind == ObjectKind::kIndex ? Action::kDropIndex : Action::kDrop, .kind = kind};
    e.object = ObjectName(obj);
    e.if_exists = Bool(n, "missing_ok");
    e.cascade = Str(n, "behavior") == "DROP_CASCADE";
    e.concurrent = Bool(n, "concurrent");
    e.transactional = !e.concurrent;
    if (kind == ObjectKind::kTrigger || kind == ObjectKind::kPolicy) {
      // [table…, name]: the last element names the trigger, the rest its table.
      QualifiedName table = e.object;
      if (obj.contains("List")) {
        const Json& items = obj["List"].value("items", Json::array());
        std::vector<std::string> parts;
        for (const Json& s : items) parts.push_back(Str(s.value("String", Json::object()), "sval"));
        if (parts.size() >= 2) {
          e.object = {"", parts.back()};
          table = {parts.size() >= 3 ? parts[parts.size() - 3] : "", parts[parts.size() - 2]};
        }
      }
      e.table = e.lock_on = table;
      e.lock = L::kAccessExclusive;
    } else if (kind == ObjectKind::kTable || kind == ObjectKind::kIndex || kind == ObjectKind::kView ||
               kind == ObjectKind::kMaterializedView || kind == ObjectKind::kSequence) {
      e.lock_on = e.object;
      e.lock = e.concurrent ? L::kShareUpdateExclusive : L::kAccessExclusive;
      if (kind == ObjectKind::kTable) e.table = e.object;
    }
    e.destroys_data = kind == ObjectKind::kTable || kind == ObjectKind::kSchema ||
                      kind == ObjectKind::kDatabase || kind == ObjectKind::kMaterializedView ||
                      kind == ObjectKind::kSequence || (kind == ObjectKind::kExtension && e.cascade) ||
                      (kind == ObjectKind::kType && e.cascade);
    out.push_back(e);
  }
}

// ---- JSON helpers ----

std::string Str(const Json& node, const char* key) {
  auto it = node.find(key);
  if (it == node.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

bool Bool(const Json& node, const char* key) {
  auto it = node.find(key);
  return it != node.end() && it->is_boolean() && it->get<bool>();
}

QualifiedName RangeVar(const Json& rv) {
  const Json& r = rv.contains("RangeVar") ? rv["RangeVar"] : rv;
  return {Str(r, "schemaname"), Str(r, "relname")};
}

QualifiedName NameList(const Json& list) {
  std::vector<std::string> parts;
  for (const Json& s : list) {
    if (s.contains("String")) parts.push_back(Str(s["String"], "sval"));
  }
  if (parts.empty()) return {};
  QualifiedName q{"", parts.back()};
  if (parts.size() >= 2) q.schema = parts[parts.size() - 2];
  return q;
}

std::string TypeText(const Json& type_name) {
  const Json& t = type_name.contains("TypeName") ? type_name["TypeName"] : type_name;
  QualifiedName q = NameList(t.value("names", Json::array()));
  std::string out = q.schema == "pg_catalog" || q.schema.empty() ? q.name : q.ToString();
  // The parser spells SQL-standard types by their internal names.
  static const std::map<std::string, std::string> standard = {
      {"int2", "smallint"}, {"int4", "integer"}, {"int8", "bigint"}, {"float4", "real"},
      {"float8", "double precision"}, {"bool", "boolean"}, {"bpchar", "char"},
      {"timestamptz", "timestamp with time zone"}, {"timetz", "time with time zone"}};
  if (q.schema == "pg_catalog") {
    if (auto it = standard.find(out); it != standard.end()) out = it->second;
  }
  const Json& mods = t.value("typmods", Json::array());
  if (!mods.empty()) {
    out += "(";
    bool first = true;
    for (const Json& m : mods) {
      const Json& c = m.value("A_Const", Json::object());
      if (!first) out += ",";
      first = false;
      if (c.contains("ival")) out += std::to_string(c["ival"].value("ival", 0));
    }
    out += ")";
  }
  if (t.contains("arrayBounds")) out += "[]";
  return out;
}

bool IsVolatile(const Json& expr) {
  if (expr.is_object()) {
    for (auto it = expr.begin(); it != expr.end(); ++it) {
      if (it.key() == "FuncCall") {
        QualifiedName f = NameList(it.value().value("funcname", Json::array()));
        if (!NonVolatileFunctions().count(f.name)) return true;
      }
      if (IsVolatile(it.value())) return true;
    }
  } else if (expr.is_array()) {
    for (const Json& x : expr) {
      if (IsVolatile(x)) return true;
    }
  }
  return false;
}

}  // namespace wayback::sql::pg
