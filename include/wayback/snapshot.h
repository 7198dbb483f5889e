// The schema of a database as a canonical, comparable model: a set of named
// objects, each a map of attributes. Two snapshots of the same schema are
// equal whatever the engine's object ids, creation order or formatting, so a
// round trip (up then down) can be judged by comparing them.
//
// Attributes whose name starts with '_' are facts for the seeder (base type,
// enum labels, constraint columns) and are never compared: what they describe
// is already covered by a compared attribute.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "wayback/schema_objects.h"

namespace wayback {

struct SchemaObject {
  std::string kind;  // "table", "column", "index", "constraint", "view", "function", …
  std::string name;  // schema-qualified and quoted where needed: public.users.email
  std::map<std::string, std::string> attrs;
};

struct SchemaSnapshot {
  // Keyed by "kind name", so an object that changes kind is removed + added.
  // Objects are shared between copies of a snapshot and copied on write (by
  // Object()), and so is the map itself, in chunks (schema_objects.h): verify
  // keeps a snapshot per step of every round trip, and a copy then costs a
  // pointer per chunk; an object (or chunk) shared by two snapshots is the
  // same on both (DiffSchemas skips it).
  SchemaObjects objects;

  // The object to fill or change, created when absent; never shared with
  // another snapshot.
  SchemaObject& Object(const std::string& kind, const std::string& name) {
    std::shared_ptr<SchemaObject>& slot = objects[kind + " " + name];
    if (!slot) {
      slot = std::make_shared<SchemaObject>();
    } else if (slot.use_count() > 1) {
      slot = std::make_shared<SchemaObject>(*slot);
    }
    slot->kind = kind;
    slot->name = name;
    return *slot;
  }
};

// One object's difference between two snapshots.
struct ObjectChange {
  enum class Type { kAdded, kRemoved, kChanged };
  Type type = Type::kChanged;
  std::string kind, name;
  // For kChanged: "default: 0 → (none)"; for kAdded/kRemoved: its attributes.
  std::vector<std::string> details;

  // "column public.users.email: default: 0 → (none)" and the like, one line.
  std::string Describe() const;
};

// What changed from `before` to `after`, ordered by kind and name. Empty when
// the schemas are the same.
std::vector<ObjectChange> DiffSchemas(const SchemaSnapshot& before, const SchemaSnapshot& after);

}  // namespace wayback
