// libpg_query's parse tree → wayback's Statement/Effect, in one place. The
// parser returns JSON (pg_query_parse), read in place with simdjson: its
// protobuf form costs several times more per statement to produce and unpack.
// Each top-level node is translated by a handler below or by the table of
// simple nodes; anything else is kept as an opaque effect so that lint can say
// it did not understand it.
#include "sql/postgres_model.h"

#include <pg_query.h>

#include <cstring>
#include <functional>
#include <map>

#include "sql/comments.h"
#include "sql/postgres_nodes.h"
#include "util/strings.h"

namespace wayback::sql {
namespace {

using pg::Node;
using L = LockLevel;

// The name a simple node acts on, from whichever key that node uses.
QualifiedName GenericName(const Node& n) {
  for (const char* key : {"relation", "view", "sequence", "typevar", "table"}) {
    if (n[key].IsObject()) return pg::RangeVar(n[key]);
  }
  for (const char* key : {"funcname", "typeName", "defnames", "domainname", "collname", "opclassname",
                          "opfamilyname", "conversion_name"}) {
    if (n[key].IsArray()) return pg::NameList(n[key]);
  }
  if (n["func"].IsObject()) return pg::NameList(n["func"]["objname"]);
  for (const char* key : {"extname", "schemaname", "dbname", "tablespacename", "trigname", "policy_name",
                          "role", "servername", "fdwname", "pubname", "subname", "eventname", "plname",
                          "amname", "name", "stxname", "conditionname", "portalname"}) {
    if (n[key].IsString()) return {"", std::string(n.Str(key))};
  }
  return {};
}

struct Simple {
  Action action;
  ObjectKind kind;
  L lock = L::kNone;
  bool transactional = true;
};

// Nodes whose meaning does not depend on their fields beyond a name.
const std::map<std::string, Simple, std::less<>>& SimpleNodes() {
  using A = Action;
  using K = ObjectKind;
  static const std::map<std::string, Simple, std::less<>> table = {
      {"CreateSeqStmt", {A::kCreate, K::kSequence}},
      {"AlterSeqStmt", {A::kAlter, K::kSequence, L::kShareRowExclusive}},
      {"CreateEnumStmt", {A::kCreate, K::kType}},
      {"CompositeTypeStmt", {A::kCreate, K::kType}},
      {"CreateRangeStmt", {A::kCreate, K::kType}},
      {"AlterEnumStmt", {A::kAlter, K::kType}},
      {"AlterTypeStmt", {A::kAlter, K::kType}},
      {"CreateDomainStmt", {A::kCreate, K::kDomain}},
      {"AlterDomainStmt", {A::kAlter, K::kDomain}},
      {"CreateExtensionStmt", {A::kCreate, K::kExtension}},
      {"AlterExtensionStmt", {A::kAlter, K::kExtension}},
      {"AlterExtensionContentsStmt", {A::kAlter, K::kExtension}},
      {"CreateSchemaStmt", {A::kCreate, K::kSchema}},
      {"CreatedbStmt", {A::kCreate, K::kDatabase, L::kNone, false}},
      {"AlterDatabaseStmt", {A::kAlter, K::kDatabase}},
      {"AlterDatabaseSetStmt", {A::kAlter, K::kDatabase}},
      {"AlterDatabaseRefreshCollStmt", {A::kAlter, K::kDatabase}},
      {"CreateTableSpaceStmt", {A::kCreate, K::kTablespace, L::kNone, false}},
      {"DropTableSpaceStmt", {A::kDrop, K::kTablespace, L::kNone, false}},
      {"AlterTableSpaceOptionsStmt", {A::kAlter, K::kTablespace}},
      {"AlterTableMoveAllStmt", {A::kAlter, K::kTablespace, L::kAccessExclusive}},
      {"CreateRoleStmt", {A::kCreate, K::kRole}},
      {"AlterRoleStmt", {A::kAlter, K::kRole}},
      {"AlterRoleSetStmt", {A::kAlter, K::kRole}},
      {"DropRoleStmt", {A::kDrop, K::kRole}},
      {"AlterFunctionStmt", {A::kAlter, K::kFunction}},
      {"AlterObjectSchemaStmt", {A::kAlter, K::kOther, L::kAccessExclusive}},
      {"AlterObjectDependsStmt", {A::kAlter, K::kOther}},
      {"AlterOperatorStmt", {A::kAlter, K::kOther}},
      {"AlterCollationStmt", {A::kAlter, K::kOther}},
      {"AlterStatsStmt", {A::kAlter, K::kOther}},
      {"AlterTSDictionaryStmt", {A::kAlter, K::kOther}},
      {"AlterTSConfigurationStmt", {A::kAlter, K::kOther}},
      {"AlterPolicyStmt", {A::kAlter, K::kPolicy, L::kAccessExclusive}},
      {"AlterEventTrigStmt", {A::kAlter, K::kTrigger}},
      {"AlterFdwStmt", {A::kAlter, K::kOther}},
      {"AlterForeignServerStmt", {A::kAlter, K::kOther}},
      {"AlterUserMappingStmt", {A::kAlter, K::kOther}},
      {"AlterPublicationStmt", {A::kAlter, K::kOther}},
      {"AlterSubscriptionStmt", {A::kAlter, K::kOther}},
      {"AlterOpFamilyStmt", {A::kAlter, K::kOther}},
      {"AlterSystemStmt", {A::kSession, K::kNone, L::kNone, false}},
      {"DefineStmt", {A::kCreate, K::kOther}},
      {"CreateCastStmt", {A::kCreate, K::kOther}},
      {"CreateConversionStmt", {A::kCreate, K::kOther}},
      {"CreateTransformStmt", {A::kCreate, K::kOther}},
      {"CreateAmStmt", {A::kCreate, K::kOther}},
      {"CreatePLangStmt", {A::kCreate, K::kOther}},
      {"CreateOpClassStmt", {A::kCreate, K::kOther}},
      {"CreateOpFamilyStmt", {A::kCreate, K::kOther}},
      {"CreateFdwStmt", {A::kCreate, K::kOther}},
      {"CreateForeignServerStmt", {A::kCreate, K::kOther}},
      {"CreateUserMappingStmt", {A::kCreate, K::kOther}},
      {"DropUserMappingStmt", {A::kDrop, K::kOther}},
      {"ImportForeignSchemaStmt", {A::kCreate, K::kTable}},
      {"CreatePublicationStmt", {A::kCreate, K::kOther}},
      {"CreateSubscriptionStmt", {A::kCreate, K::kOther, L::kNone, false}},
      {"DropSubscriptionStmt", {A::kDrop, K::kOther, L::kNone, false}},
      {"CreateStatsStmt", {A::kCreate, K::kOther, L::kShareUpdateExclusive}},
      {"CreateEventTrigStmt", {A::kCreate, K::kTrigger}},
      {"RuleStmt", {A::kCreate, K::kOther, L::kAccessExclusive}},
      {"CreatePolicyStmt", {A::kCreate, K::kPolicy, L::kAccessExclusive}},
      {"TransactionStmt", {A::kTransactionControl, K::kNone}},
      {"VariableSetStmt", {A::kSession, K::kNone}},
      {"VariableShowStmt", {A::kSession, K::kNone}},
      {"DiscardStmt", {A::kSession, K::kNone}},
      {"ConstraintsSetStmt", {A::kSession, K::kNone}},
      {"GrantStmt", {A::kPrivilege, K::kNone}},
      {"GrantRoleStmt", {A::kPrivilege, K::kRole}},
      {"AlterDefaultPrivilegesStmt", {A::kPrivilege, K::kNone}},
      {"AlterOwnerStmt", {A::kPrivilege, K::kOther}},
      {"SecLabelStmt", {A::kPrivilege, K::kOther}},
      {"ReassignOwnedStmt", {A::kPrivilege, K::kRole}},
      {"DropOwnedStmt", {A::kDrop, K::kRole}},
      {"CommentStmt", {A::kComment, K::kOther, L::kShareUpdateExclusive}},
      {"CheckPointStmt", {A::kMaintenance, K::kNone}},
      {"DoStmt", {A::kOther, K::kNone}},
      {"CallStmt", {A::kOther, K::kFunction}},
      {"NotifyStmt", {A::kOther, K::kNone}},
      {"ListenStmt", {A::kOther, K::kNone}},
      {"UnlistenStmt", {A::kOther, K::kNone}},
      {"PrepareStmt", {A::kOther, K::kNone}},
      {"ExecuteStmt", {A::kOther, K::kNone}},
      {"DeallocateStmt", {A::kOther, K::kNone}},
      {"ExplainStmt", {A::kSelect, K::kNone}},
      {"CopyStmt", {A::kOther, K::kTable}},
      {"LoadStmt", {A::kOther, K::kNone}},
      {"DeclareCursorStmt", {A::kSelect, K::kNone}},
      {"FetchStmt", {A::kSelect, K::kNone}},
      {"ClosePortalStmt", {A::kOther, K::kNone}},
      {"CreateConversionStmt", {A::kCreate, K::kOther}},
  };
  return table;
}

Effect Make(Action action, ObjectKind kind, QualifiedName object, L lock = L::kNone) {
  Effect e{.action = action, .kind = kind};
  e.object = object;
  e.lock = lock;
  if (lock != L::kNone) e.lock_on = object;
  return e;
}

bool HasDefElem(const Node& list, const char* name) {
  for (Node d : list.Items()) {
    if (d.Has("DefElem") && d["DefElem"].Str("defname") == name) return true;
  }
  return false;
}

void Dml(std::string_view node, const Node& n, std::vector<Effect>& out) {
  QualifiedName rel = pg::RangeVar(n["relation"]);
  Action a = node == "InsertStmt" ? Action::kInsert : node == "UpdateStmt" ? Action::kUpdate
           : node == "DeleteStmt" ? Action::kDelete : Action::kMerge;
  Effect e = Make(a, ObjectKind::kTable, rel, L::kRowExclusive);
  e.table = rel;
  e.has_where = n.Has("whereClause");
  if (a == Action::kInsert) {
    Node sel = n["selectStmt"]["SelectStmt"];
    e.reads_other_tables = sel.Has("fromClause");
  }
  e.reads_other_tables = e.reads_other_tables || n.Has("fromClause") || n.Has("usingClause");
  for (Node t : n["targetList"].Items()) {
    if (a == Action::kUpdate && t.Has("ResTarget")) e.updated_columns.emplace_back(t["ResTarget"].Str("name"));
  }
  e.destroys_data = a == Action::kDelete || a == Action::kUpdate || a == Action::kMerge;
  out.push_back(e);
}

using Handler = std::function<void(const Node&, std::vector<Effect>&)>;

const std::map<std::string, Handler, std::less<>>& Handlers() {
  static const std::map<std::string, Handler, std::less<>> table = {
      {"CreateStmt", pg::CreateTable},
      {"CreateForeignTableStmt",
       [](const Node& n, std::vector<Effect>& out) { pg::CreateTable(n["base"], out); }},
      {"IndexStmt", pg::CreateIndex},
      {"AlterTableStmt", pg::AlterTable},
      {"RenameStmt", pg::Rename},
      {"DropStmt", pg::Drop},
      {"InsertStmt", [](const Node& n, std::vector<Effect>& o) { Dml("InsertStmt", n, o); }},
      {"UpdateStmt", [](const Node& n, std::vector<Effect>& o) { Dml("UpdateStmt", n, o); }},
      {"DeleteStmt", [](const Node& n, std::vector<Effect>& o) { Dml("DeleteStmt", n, o); }},
      {"MergeStmt", [](const Node& n, std::vector<Effect>& o) { Dml("MergeStmt", n, o); }},
      {"SelectStmt",
       [](const Node& n, std::vector<Effect>& out) {
         if (n.Has("intoClause")) {  // SELECT … INTO t creates a table, from a query
           Effect e = Make(Action::kCreate, ObjectKind::kTable, pg::RangeVar(n["intoClause"]["rel"]));
           e.reads_other_tables = true;
           out.push_back(e);
         } else {
           out.push_back(Make(Action::kSelect, ObjectKind::kNone, {}));
         }
       }},
      {"CreateTableAsStmt",
       [](const Node& n, std::vector<Effect>& out) {
         bool mat = n.Str("objtype") == "OBJECT_MATVIEW";
         Effect e = Make(Action::kCreate, mat ? ObjectKind::kMaterializedView : ObjectKind::kTable,
                         pg::RangeVar(n["into"]["rel"]));
         e.if_not_exists = n.Bool("if_not_exists");
         e.reads_other_tables = true;
         out.push_back(e);
       }},
      {"ViewStmt",
       [](const Node& n, std::vector<Effect>& out) {
         Effect e = Make(Action::kCreate, ObjectKind::kView, pg::RangeVar(n["view"]));
         e.or_replace = n.Bool("replace");
         if (e.or_replace) e.lock = L::kAccessExclusive, e.lock_on = e.object;
         out.push_back(e);
       }},
      {"CreateFunctionStmt",
       [](const Node& n, std::vector<Effect>& out) {
         Effect e = Make(Action::kCreate, ObjectKind::kFunction, pg::NameList(n["funcname"]));
         e.or_replace = n.Bool("replace");
         e.detail = n.Bool("is_procedure") ? "procedure" : "function";
         out.push_back(e);
       }},
      {"CreateTrigStmt",
       [](const Node& n, std::vector<Effect>& out) {
         QualifiedName table = pg::RangeVar(n["relation"]);
         Effect e = Make(Action::kCreate, ObjectKind::kTrigger, {table.schema, std::string(n.Str("trigname"))});
         e.table = e.lock_on = table;
         e.lock = L::kShareRowExclusive;
         e.or_replace = n.Bool("replace");
         out.push_back(e);
       }},
      {"DropdbStmt",
       [](const Node& n, std::vector<Effect>& out) {
         Effect e = Make(Action::kDrop, ObjectKind::kDatabase, {"", std::string(n.Str("dbname"))});
         e.if_exists = n.Bool("missing_ok");
         e.force = HasDefElem(n["options"], "force");
         e.destroys_data = true;
         e.transactional = false;
         out.push_back(e);
       }},
      {"TruncateStmt",
       [](const Node& n, std::vector<Effect>& out) {
         for (Node r : n["relations"].Items()) {
           Effect e = Make(Action::kTruncate, ObjectKind::kTable, pg::RangeVar(r), L::kAccessExclusive);
           e.table = e.object;
           e.cascade = n.Str("behavior") == "DROP_CASCADE";
           e.destroys_data = true;
           out.push_back(e);
         }
       }},
      {"RefreshMatViewStmt",
       [](const Node& n, std::vector<Effect>& out) {
         Effect e = Make(Action::kMaintenance, ObjectKind::kMaterializedView,
                         pg::RangeVar(n["relation"]));
         e.concurrent = n.Bool("concurrent");
         e.lock = e.concurrent ? L::kExclusive : L::kAccessExclusive;  // CONCURRENTLY still lets reads run
         e.lock_on = e.object;
         e.scans = true;
         e.detail = "refresh";
         out.push_back(e);
       }},
      {"VacuumStmt",
       [](const Node& n, std::vector<Effect>& out) {
         bool vacuum = n.Bool("is_vacuumcmd");
         bool full = HasDefElem(n["options"], "full");
         std::vector<QualifiedName> tables;
         for (Node r : n["rels"].Items()) tables.push_back(pg::RangeVar(r["VacuumRelation"]["relation"]));
         if (tables.empty()) tables.emplace_back();  // no list: every table
         for (const QualifiedName& t : tables) {
           Effect e = Make(Action::kMaintenance, ObjectKind::kTable, t,
                           full ? L::kAccessExclusive : L::kShareUpdateExclusive);
           e.transactional = !vacuum;  // ANALYZE alone may run in a transaction
           e.rewrites = full;
           e.scans = true;
           e.detail = vacuum ? (full ? "vacuum full" : "vacuum") : "analyze";
           out.push_back(e);
         }
       }},
      {"ClusterStmt",
       [](const Node& n, std::vector<Effect>& out) {
         Effect e = Make(Action::kMaintenance, ObjectKind::kTable, pg::RangeVar(n["relation"]),
                         L::kAccessExclusive);
         e.rewrites = true;
         e.transactional = !e.object.empty();  // CLUSTER of every table cannot
         e.detail = "cluster";
         out.push_back(e);
       }},
      {"ReindexStmt",
       [](const Node& n, std::vector<Effect>& out) {
         bool conc = HasDefElem(n["params"], "concurrently");
         QualifiedName name =
             n.Has("relation") ? pg::RangeVar(n["relation"]) : QualifiedName{"", std::string(n.Str("name"))};
         Effect e = Make(Action::kMaintenance, ObjectKind::kIndex, name,
                         conc ? L::kShareUpdateExclusive : L::kAccessExclusive);
         e.concurrent = conc;
         std::string_view kind = n.Str("kind");
         e.transactional = !conc && kind != "REINDEX_OBJECT_SCHEMA" && kind != "REINDEX_OBJECT_DATABASE" &&
                           kind != "REINDEX_OBJECT_SYSTEM";
         e.scans = true;
         e.detail = "reindex";
         out.push_back(e);
       }},
      {"LockStmt",
       [](const Node& n, std::vector<Effect>& out) {
         int64_t mode = n.Int("mode", 8);  // lockmode numbers follow LockLevel's order, 8 = ACCESS EXCLUSIVE
         L lock = mode >= 1 && mode <= 8 ? static_cast<L>(mode) : L::kAccessExclusive;
         for (Node r : n["relations"].Items()) {
           Effect e = Make(Action::kOther, ObjectKind::kTable, pg::RangeVar(r), lock);
           e.detail = "lock";
           out.push_back(e);
         }
       }},
  };
  return table;
}

// Appends the effects of one top-level parse node ({"CreateStmt": {…}}).
void Translate(const Node& stmt, std::vector<Effect>& out) {
  if (!stmt.IsObject() || stmt.Empty()) {
    out.push_back(Make(Action::kOpaque, ObjectKind::kNone, {}));
    out.back().detail = "empty parse tree";
    return;
  }
  size_t before = out.size();
  std::string_view node = stmt.Type();
  Node body = stmt.Body();
  if (auto h = Handlers().find(node); h != Handlers().end()) {
    h->second(body, out);
  } else if (auto s = SimpleNodes().find(node); s != SimpleNodes().end()) {
    Effect e = Make(s->second.action, s->second.kind, GenericName(body), s->second.lock);
    e.transactional = s->second.transactional;
    e.if_not_exists = body.Bool("if_not_exists");
    e.or_replace = body.Bool("replace");
    e.detail = node;
    out.push_back(e);
  }
  if (out.size() == before) {
    Effect e = Make(Action::kOpaque, ObjectKind::kNone, {});
    e.detail = node;
    out.push_back(e);
  }
}

}  // namespace

Result<std::vector<Statement>> ModelPostgres(std::string_view script) {
  std::string text(script);
  // Split first, then parse one statement at a time: the parse tree of a
  // 10,000-statement file as one JSON document would cost far more memory.
  PgQuerySplitResult split = pg_query_split_with_parser(text.c_str());
  if (split.error) {
    size_t at = static_cast<size_t>(std::max(0, split.error->cursorpos - 1));
    std::string message = "line " + std::to_string(util::LineOfOffset(text, at)) + ":" +
                          std::to_string(ColumnOfOffset(text, at)) + ": " + split.error->message;
    pg_query_free_split_result(split);
    return Fail(ErrorKind::kBadInput, "syntax error at " + message,
                "fix the statement; wayback lint reads SQL with PostgreSQL 15's own parser");
  }
  std::vector<Statement> out;
  out.reserve(static_cast<size_t>(split.n_stmts));
  size_t counted_to = 0;  // lines are counted incrementally: offsets only grow
  int line = 1;
  Status status;
  for (int i = 0; i < split.n_stmts && status; ++i) {
    size_t begin = static_cast<size_t>(split.stmts[i]->stmt_location);
    size_t len = static_cast<size_t>(split.stmts[i]->stmt_len);
    if (begin > text.size()) continue;
    if (len == 0 || begin + len > text.size()) len = text.size() - begin;
    std::string_view piece = std::string_view(text).substr(begin, len);
    std::string_view trimmed = util::Trim(piece.substr(LeadingCommentLength(piece)));
    if (trimmed.empty()) continue;
    Statement s;
    s.offset = static_cast<size_t>(trimmed.data() - text.data());
    for (; counted_to < s.offset; ++counted_to) {
      if (text[counted_to] == '\n') ++line;
    }
    s.line = line;
    s.column = ColumnOfOffset(text, s.offset);
    s.text = std::string(trimmed);
    PgQueryParseResult parsed = pg_query_parse(s.text.c_str());
    if (parsed.error) {
      status = Fail(ErrorKind::kBadInput, "syntax error at line " + std::to_string(s.line) + ":" +
                                              std::to_string(s.column) + ": " + parsed.error->message);
    } else {
      // One JSON parser per thread (statements are modelled on several at
      // once): it keeps its buffers from one statement to the next.
      thread_local simdjson::dom::parser json;
      simdjson::dom::element tree;
      if (auto error = json.parse(parsed.parse_tree, std::strlen(parsed.parse_tree)).get(tree)) {
        status = Fail(ErrorKind::kInternal,
                      std::string("cannot read the parse tree: ") + simdjson::error_message(error));
      } else {
        for (Node raw : Node(tree)["stmts"].Items()) Translate(raw["stmt"], s.effects);
      }
    }
    pg_query_free_parse_result(parsed);
    if (!s.effects.empty()) out.push_back(std::move(s));
  }
  pg_query_free_split_result(split);
  if (!status) return Fail(std::move(status).error());
  return out;
}

}  // namespace wayback::sql
