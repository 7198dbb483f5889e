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

bool IsSerial(std::string_view type) {
  return type == "serial" || type == "bigserial" || type == "smallserial" || type == "serial2" ||
         type == "serial4" || type == "serial8";
}

std::string_view ConstraintType(std::string_view contype) {
  if (contype == "CONSTR_PRIMARY") return "primary key";
  if (contype == "CONSTR_UNIQUE") return "unique";
  if (contype == "CONSTR_FOREIGN") return "foreign key";
  if (contype == "CONSTR_CHECK") return "check";
  if (contype == "CONSTR_EXCLUSION") return "exclusion";
  if (contype == "CONSTR_NOTNULL") return "not null";
  return "";
}

// Lock, scan and rewrite of adding constraint `c` to an existing table.
Effect AddConstraintEffect(const QualifiedName& table, const Node& c, const std::string& column) {
  Effect e{.action = Action::kAddConstraint, .kind = ObjectKind::kConstraint};
  e.object = {table.schema, std::string(c.Str("conname"))};
  e.table = table;
  e.column = column;
  std::string_view type = c.Str("contype");
  e.constraint_type = ConstraintType(type);
  e.not_valid = c.Bool("skip_validation");
  e.uses_index = !c.Str("indexname").empty();
  e.lock_on = table;
  if (type == "CONSTR_FOREIGN") {
    e.references = RangeVar(c["pktable"]);
    // Both tables: SHARE ROW EXCLUSIVE (PostgreSQL 15, ALTER TABLE … ADD FOREIGN KEY).
    e.lock = L::kShareRowExclusive;
  } else {
    e.lock = L::kAccessExclusive;
  }
  // NOT VALID skips the check of existing rows; USING INDEX reuses a built index.
  e.scans = !e.not_valid && !e.uses_index;
  return e;
}

void AddColumn(const QualifiedName& table, const Node& def, std::vector<Effect>& out) {
  Effect e{.action = Action::kAddColumn, .kind = ObjectKind::kColumn};
  e.object = table;
  e.table = table;
  e.column = def.Str("colname");
  e.type = TypeText(def["typeName"]);
  e.lock = L::kAccessExclusive;
  e.lock_on = table;
  if (IsSerial(e.type)) e.has_default = e.volatile_default = true;
  std::vector<Effect> constraints;
  for (Node cj : def["constraints"].Items()) {
    Node c = cj["Constraint"];
    std::string_view type = c.Str("contype");
    if (type == "CONSTR_NOTNULL") {
      e.not_null = true;
    } else if (type == "CONSTR_DEFAULT") {
      e.has_default = true;
      if (IsVolatile(c["raw_expr"])) e.volatile_default = true;
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

void AlterTableCmd(const QualifiedName& table, const Node& cmd, std::vector<Effect>& out) {
  std::string_view sub = cmd.Str("subtype");
  std::string name(cmd.Str("name"));
  Node def = cmd["def"];
  if (sub == "AT_AddColumn" || sub == "AT_AddColumnRecurse") {
    AddColumn(table, def["ColumnDef"], out);
  } else if (sub == "AT_DropColumn" || sub == "AT_DropColumnRecurse") {
    Effect e = ColumnEffect(Action::kDrop, table, name, L::kAccessExclusive);
    e.destroys_data = true;
    e.if_exists = cmd.Bool("missing_ok");
    e.cascade = cmd.Str("behavior") == "DROP_CASCADE";
    out.push_back(e);
  } else if (sub == "AT_AlterColumnType") {
    Effect e = ColumnEffect(Action::kTypeChange, table, name, L::kAccessExclusive);
    Node cd = def["ColumnDef"];
    e.type = TypeText(cd["typeName"]);
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
    bool set = !def.Empty();
    Effect e = ColumnEffect(set ? Action::kSetDefault : Action::kDropDefault, table, name, L::kAccessExclusive);
    out.push_back(e);
  } else if (sub == "AT_AddConstraint" || sub == "AT_AddConstraintRecurse" || sub == "AT_AddIndexConstraint") {
    out.push_back(AddConstraintEffect(table, def["Constraint"], ""));
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
    e.if_exists = cmd.Bool("missing_ok");
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
    } else if (sub.find("Trig") != std::string_view::npos) {
      e.lock = L::kShareRowExclusive;  // ENABLE / DISABLE TRIGGER
    } else if (sub == "AT_DetachPartition" && def["PartitionCmd"].Bool("concurrent")) {
      e.lock = L::kShareUpdateExclusive;
      e.transactional = false;
    } else if (sub == "AT_SetLogged" || sub == "AT_SetUnLogged" || sub == "AT_SetTableSpace" ||
               sub == "AT_SetAccessMethod") {
      e.rewrites = true;
    }
    out.push_back(e);
  }
}

ObjectKind KindOfObjectType(std::string_view t) {
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
QualifiedName ObjectName(const Node& obj) {
  if (obj.Has("List")) return NameList(obj["List"]["items"]);
  if (obj.Has("ObjectWithArgs")) return NameList(obj["ObjectWithArgs"]["objname"]);
  if (obj.Has("TypeName")) return NameList(obj["TypeName"]["names"]);
  if (obj.Has("String")) return {"", std::string(obj["String"].Str("sval"))};
  if (obj.IsArray()) return NameList(obj);
  return {};
}

}  // namespace

void CreateTable(const Node& n, std::vector<Effect>& out) {
  Effect e{.action = Action::kCreate, .kind = ObjectKind::kTable};
  e.object = e.table = RangeVar(n["relation"]);
  e.if_not_exists = n.Bool("if_not_exists");
  std::vector<Effect> extra;
  auto foreign_key = [&](const Node& c) {
    if (c.Str("contype") != "CONSTR_FOREIGN") return;
    // Creating a table with a foreign key locks the referenced table.
    Effect fk{.action = Action::kAddConstraint, .kind = ObjectKind::kConstraint};
    fk.object = {e.object.schema, std::string(c.Str("conname"))};
    fk.table = e.object;
    fk.constraint_type = "foreign key";
    fk.references = RangeVar(c["pktable"]);
    fk.lock = L::kShareRowExclusive;
    fk.lock_on = fk.references;
    extra.push_back(fk);
  };
  for (Node elt : n["tableElts"].Items()) {
    if (elt.Has("Constraint")) foreign_key(elt["Constraint"]);
    if (elt.Has("ColumnDef")) {
      for (Node c : elt["ColumnDef"]["constraints"].Items()) {
        if (c.Has("Constraint")) foreign_key(c["Constraint"]);
      }
    }
  }
  out.push_back(e);
  for (auto& x : extra) out.push_back(x);
}

void CreateIndex(const Node& n, std::vector<Effect>& out) {
  Effect e{.action = Action::kCreateIndex, .kind = ObjectKind::kIndex};
  e.table = e.lock_on = RangeVar(n["relation"]);
  e.object = {e.table.schema, std::string(n.Str("idxname"))};
  e.concurrent = n.Bool("concurrent");
  e.if_not_exists = n.Bool("if_not_exists");
  // SHARE blocks writes while the index is built; CONCURRENTLY does not.
  e.lock = e.concurrent ? L::kShareUpdateExclusive : L::kShare;
  e.scans = true;
  e.transactional = !e.concurrent;
  if (n.Bool("unique")) e.detail = "unique";
  out.push_back(e);
}

void AlterTable(const Node& n, std::vector<Effect>& out) {
  QualifiedName table = RangeVar(n["relation"]);
  std::string_view objtype = n.Str("objtype");
  if (objtype != "OBJECT_TABLE" && objtype != "OBJECT_FOREIGN_TABLE") {
    Effect e{.action = Action::kAlter, .kind = KindOfObjectType(objtype)};
    e.object = e.lock_on = table;
    e.lock = L::kAccessExclusive;
    out.push_back(e);
    return;
  }
  for (Node c : n["cmds"].Items()) {
    AlterTableCmd(table, c["AlterTableCmd"], out);
  }
}

void Rename(const Node& n, std::vector<Effect>& out) {
  Effect e{.action = Action::kRename, .kind = KindOfObjectType(n.Str("renameType"))};
  e.new_name = n.Str("newname");
  e.if_exists = n.Bool("missing_ok");
  if (n.Has("relation")) {
    QualifiedName rel = RangeVar(n["relation"]);
    if (e.kind == ObjectKind::kColumn || e.kind == ObjectKind::kConstraint || e.kind == ObjectKind::kTrigger ||
        e.kind == ObjectKind::kPolicy) {
      e.table = rel;
      e.object = rel;
      e.column = n.Str("subname");
      if (e.kind != ObjectKind::kColumn) e.object = {rel.schema, e.column};
    } else {
      e.object = e.table = rel;
    }
    e.lock_on = rel;
    // Renaming an index takes SHARE UPDATE EXCLUSIVE since PostgreSQL 12.
    e.lock = e.kind == ObjectKind::kIndex ? L::kShareUpdateExclusive : L::kAccessExclusive;
  } else if (n.Has("object")) {
    e.object = ObjectName(n["object"]);
    if (e.kind == ObjectKind::kColumn) e.column = n.Str("subname");
  } else {
    e.object = {"", std::string(n.Str("subname"))};
  }
  out.push_back(e);
}

void Drop(const Node& n, std::vector<Effect>& out) {
  ObjectKind kind = KindOfObjectType(n.Str("removeType"));
  for (Node obj : n["objects"].Items()) {
    Effect e{.action = kind == ObjectKind::kIndex ? Action::kDropIndex : Action::kDrop, .kind = kind};
    e.object = ObjectName(obj);
    e.if_exists = n.Bool("missing_ok");
    e.cascade = n.Str("behavior") == "DROP_CASCADE";
    e.concurrent = n.Bool("concurrent");
    e.transactional = !e.concurrent;
    if (kind == ObjectKind::kTrigger || kind == ObjectKind::kPolicy) {
      // [table…, name]: the last element names the trigger, the rest its table.
      QualifiedName table = e.object;
      if (obj.Has("List")) {
        Node items = obj["List"]["items"];
        std::vector<std::string> parts;
        for (Node s : items.Items()) parts.emplace_back(s["String"].Str("sval"));
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

// ---- parse tree helpers ----

QualifiedName RangeVar(const Node& rv) {
  Node r = rv.Has("RangeVar") ? rv["RangeVar"] : rv;
  return {std::string(r.Str("schemaname")), std::string(r.Str("relname"))};
}

QualifiedName NameList(const Node& list) {
  std::vector<std::string> parts;
  for (Node s : list.Items()) {
    if (s.Has("String")) parts.emplace_back(s["String"].Str("sval"));
  }
  if (parts.empty()) return {};
  QualifiedName q{"", parts.back()};
  if (parts.size() >= 2) q.schema = parts[parts.size() - 2];
  return q;
}

std::string TypeText(const Node& type_name) {
  Node t = type_name.Has("TypeName") ? type_name["TypeName"] : type_name;
  QualifiedName q = NameList(t["names"]);
  std::string out = q.schema == "pg_catalog" || q.schema.empty() ? q.name : q.ToString();
  // The parser spells SQL-standard types by their internal names.
  static const std::map<std::string, std::string> standard = {
      {"int2", "smallint"}, {"int4", "integer"}, {"int8", "bigint"}, {"float4", "real"},
      {"float8", "double precision"}, {"bool", "boolean"}, {"bpchar", "char"},
      {"timestamptz", "timestamp with time zone"}, {"timetz", "time with time zone"}};
  if (q.schema == "pg_catalog") {
    if (auto it = standard.find(out); it != standard.end()) out = it->second;
  }
  Node mods = t["typmods"];
  if (!mods.Empty()) {
    out += "(";
    bool first = true;
    for (Node m : mods.Items()) {
      Node c = m["A_Const"];
      if (!first) out += ",";
      first = false;
      if (c.Has("ival")) out += std::to_string(c["ival"].Int("ival", 0));
    }
    out += ")";
  }
  if (t.Has("arrayBounds")) out += "[]";
  return out;
}

bool IsVolatile(const Node& expr) {
  if (expr.IsObject()) {
    for (auto [key, value] : expr.Fields()) {
      if (key == "FuncCall") {
        QualifiedName f = NameList(value["funcname"]);
        // A function of another schema is the user's, whatever its name.
        bool catalog = f.schema.empty() || f.schema == "pg_catalog";
        if (!catalog || !NonVolatileFunctions().count(f.name)) return true;
      }
      if (IsVolatile(value)) return true;
    }
  } else if (expr.IsArray()) {
    for (Node x : expr.Items()) {
      if (IsVolatile(x)) return true;
    }
  }
  return false;
}

}  // namespace wayback::sql::pg
